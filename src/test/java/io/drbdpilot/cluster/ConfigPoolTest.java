// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.drbdpilot.drbd.config.DrbdConfig;
import io.drbdpilot.drbd.config.ResourceConfig;
import io.drbdpilot.drbd.parse.DumpXmlParser;
import io.drbdpilot.drbd.parse.ParseException;
import org.junit.jupiter.api.Test;

/**
 * The cluster's pool of resource configurations: what two nodes configure alike is held once; what one node configures
 * differently under the same name and file line stays its own (the pool's hash looks at the name and line only).
 */
class ConfigPoolTest {

    /** A resource on alpha and beta, as drbdadm dump-xml writes it. */
    private static String resource(int n, String net) {
        StringBuilder b = new StringBuilder("   <resource name=\"r" + n + "\" conf-file-line=\"/etc/drbd.d/r" + n
                + ".res:2\">\n");
        for (String[] host : new String[][] {{"alpha", "10.99.0.11"}, {"beta", "10.99.0.12"}}) {
            b.append("      <host name=\"").append(host[0]).append("\">\n")
                    .append("         <volume vnr=\"0\"><device minor=\"").append(n).append("\">/dev/drbd").append(n)
                    .append("</device><disk>/dev/vd").append((char) ('b' + n)).append("</disk>")
                    .append("<meta-disk>internal</meta-disk></volume>\n")
                    .append("         <address family=\"ipv4\" port=\"").append(7789 + n).append("\">")
                    .append(host[1]).append("</address>\n      </host>\n");
        }
        return b.append(net).append("   </resource>\n").toString();
    }

    private static final String DUMP = "<config file=\"/etc/drbd.conf\">\n"
            + resource(0, "      <section name=\"net\"><option name=\"protocol\" value=\"C\"/></section>\n")
            + resource(1, "") + "</config>\n";

    private static DrbdConfig parse(String xml) throws ParseException {
        return DumpXmlParser.parse(xml).value();
    }

    @Test
    void equalConfigurationsAreHeldOnceAndADifferentOneUnderTheSameNameStaysItsOwn() throws ParseException {
        ConfigPool pool = new ConfigPool();
        DrbdConfig alpha = pool.share(parse(DUMP));
        DrbdConfig beta = parse(DUMP);
        assertThat(beta.resources().get(0)).isNotSameAs(alpha.resources().get(0)); // two parses, two instances
        DrbdConfig betaShared = pool.share(beta);
        assertThat(betaShared.resources().get(0)).isSameAs(alpha.resources().get(0));
        assertThat(betaShared.resources().get(1)).isSameAs(alpha.resources().get(1));

        // gamma's r0 says protocol A: the same name and file line, another configuration
        DrbdConfig gamma = pool.share(parse(DUMP.replace("value=\"C\"", "value=\"A\"")));
        ResourceConfig r0 = gamma.resources().get(0);
        assertThat(r0).isNotSameAs(alpha.resources().get(0)).isNotEqualTo(alpha.resources().get(0));
        assertThat(r0.protocol()).isEqualTo("A");
        assertThat(alpha.resources().get(0).protocol()).isEqualTo("C");
        assertThat(r0.hashCode()).isEqualTo(alpha.resources().get(0).hashCode()); // what the pool must tell apart
        assertThat(gamma.resources().get(1)).isSameAs(alpha.resources().get(1));
        // and the next node like alpha still gets alpha's
        assertThat(pool.share(parse(DUMP)).resources().get(0)).isSameAs(alpha.resources().get(0));
    }
}
