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

    private static final String DUMP = """
            <config file="/etc/drbd.conf">
               <resource name="r0" conf-file-line="/etc/drbd.d/r0.res:2">
                  <host name="alpha">
                     <volume vnr="0"><device minor="0">/dev/drbd0</device><disk>/dev/vdb</disk>
                     <meta-disk>internal</meta-disk></volume>
                     <address family="ipv4" port="7789">10.99.0.11</address>
                  </host>
                  <host name="beta">
                     <volume vnr="0"><device minor="0">/dev/drbd0</device><disk>/dev/vdb</disk>
                     <meta-disk>internal</meta-disk></volume>
                     <address family="ipv4" port="7789">10.99.0.12</address>
                  </host>
                  <section name="net"><option name="protocol" value="C"/></section>
               </resource>
               <resource name="r1" conf-file-line="/etc/drbd.d/r1.res:2">
                  <host name="alpha">
                     <volume vnr="0"><device minor="1">/dev/drbd1</device><disk>/dev/vdc</disk>
                     <meta-disk>internal</meta-disk></volume>
                     <address family="ipv4" port="7790">10.99.0.11</address>
                  </host>
                  <host name="beta">
                     <volume vnr="0"><device minor="1">/dev/drbd1</device><disk>/dev/vdc</disk>
                     <meta-disk>internal</meta-disk></volume>
                     <address family="ipv4" port="7790">10.99.0.12</address>
                  </host>
               </resource>
            </config>
            """;

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
