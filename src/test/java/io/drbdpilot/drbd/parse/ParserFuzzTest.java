// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.drbd.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.drbdpilot.FuzzInputs;
import io.drbdpilot.drbd.Samples;
import io.drbdpilot.drbd.inspect.Inspector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Feeds 100,000 random and mutated inputs to every parser. The only exception a parser may throw is its own
 * ParseException; anything else (NumberFormatException, IndexOutOfBounds, NPE...) is a bug, reported with the input.
 */
class ParserFuzzTest {

    private static final int INPUTS_PER_PARSER = 100_000;
    private static final String[] FIXTURES = {"proc_drbd_07.txt", "proc_drbd_80.txt", "proc_drbd_83.txt",
        "proc_drbd_9.txt", "events2_drbd9_3nodes.txt", "status_drbd9.json", "status_text_drbd9.txt",
        "dump_xml_drbd9.xml", "refusal_drbd9_openers.txt", "drbdadm_version_drbd9.txt"};
    private static final String[] TOKENS = {":", "/", "(", ")", ",", "%", "-", " ", "\n", "\t", "\r", "K", "M",
        "99999999999999999999", "-1", "0x", "cs:", "ro:", "ds:", "ns:", "sync'ed:", "verified:", "finish:", "speed:",
        "want:", "exists -", "change ", "peer-device ", "name:", "volume:", "volume:x", "minor:", "done:", "{", "}",
        "[", "]", "\"", "<", ">", "</config>", "<resource name=\"", "###", "$ ", "[exit ", "\u0000", "\uffff", "é",
        "State change failed: (", "Failure: (", "opened by ", "(pid ", "DRBDADM_VERSION=", "=", "version: ",
        "Split-Brain detected", "block drbd", "NaN", "1e999"};

    private interface Parser {
        void parse(String text) throws ParseException;
    }

    private static final Map<String, Parser> PARSERS = Map.of(
            "proc", ProcDrbdParser::parse,
            "events2", Events2Stream::parse,
            "statusJson", StatusJsonParser::parse,
            "statusText", DrbdadmStatusParser::parse,
            "dumpXml", DumpXmlParser::parse,
            "version", VersionParser::parse,
            "refusal", RefusalParser::parse,
            "capture", LabCapture::split,
            "kernelLog", KernelLog::scan,
            "inspect", t -> Inspector.inspect("fuzz", t, Instant.EPOCH));

    @Test
    void everyParserThrowsOnlyParseException() {
        List<String> seeds = new ArrayList<>();
        Samples.LAB.forEach(s -> seeds.add(Samples.lab(s)));
        for (String f : FIXTURES) {
            seeds.add(Samples.fixture(f));
        }
        PARSERS.forEach((name, parser) -> {
            SplittableRandom rnd = new SplittableRandom(name.hashCode());
            int parseErrors = 0;
            for (int i = 0; i < INPUTS_PER_PARSER; i++) {
                String input = FuzzInputs.input(rnd, seeds, TOKENS, 127);
                try {
                    parser.parse(input);
                } catch (ParseException e) {
                    parseErrors++;
                    assertThat(e.getMessage()).isNotNull();
                } catch (RuntimeException | StackOverflowError e) {
                    fail(name + " threw " + e + " for input #" + i + ":\n" + escape(input), e);
                }
            }
            // Both accepted and rejected inputs were produced: the fuzzer really exercised the parser.
            if (!name.equals("refusal") && !name.equals("kernelLog")) {
                assertThat(parseErrors).as(name + " rejections").isBetween(1, INPUTS_PER_PARSER - 1);
            }
        });
    }

    private static String escape(String s) {
        return s.chars().mapToObj(c -> c < 32 && c != '\n' ? String.format("\\u%04x", c) : String.valueOf((char) c))
                .reduce("", String::concat);
    }
}
