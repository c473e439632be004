// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.bench;

import io.drbdpilot.drbd.Samples;
import io.drbdpilot.drbd.parse.Events2Event;
import io.drbdpilot.drbd.parse.Events2Parser;
import io.drbdpilot.drbd.parse.Events2State;
import io.drbdpilot.drbd.parse.ParseException;
import io.drbdpilot.drbd.parse.ProcDrbd;
import io.drbdpilot.drbd.parse.ProcDrbdParser;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parser throughput on one core. Run: {@code ./mvnw -Pbench test-compile exec:exec@bench}. Scores are per line
 * (events2) and per {@code /proc/drbd} text, in operations per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ParserBenchmark {

    static final int LINES = 4096;

    String[] events2 = new String[LINES];
    String procResync;
    int procLines;

    @Setup
    public void load() {
        List<String> pool = new ArrayList<>();
        for (String src : List.of(Samples.fixture("events2_drbd9_3nodes.txt"),
                Samples.section("drbdsetup_events2", "alpha", "timeout 3 drbdsetup events2", 0).output())) {
            for (String l : src.split("\n")) {
                if (l.startsWith("20") || l.startsWith("exists") || l.startsWith("change")) {
                    pool.add(l);
                }
            }
        }
        for (int i = 0; i < LINES; i++) {
            events2[i] = pool.get(i % pool.size());
        }
        procResync = Samples.section("resync", "beta", "cat /proc/drbd", 0).output();
        procLines = (int) procResync.lines().count();
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public void events2ParseLine(Blackhole bh) throws ParseException {
        for (int i = 0; i < LINES; i++) {
            bh.consume(Events2Parser.parseLine(events2[i], i + 1));
        }
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public Events2State events2ParseAndFold() throws ParseException {
        Events2State st = new Events2State();
        for (int i = 0; i < LINES; i++) {
            Events2Event e = Events2Parser.parseLine(events2[i], i + 1);
            st.apply(e);
        }
        return st;
    }

    @Benchmark
    public ProcDrbd procDrbdResyncText() throws ParseException {
        return ProcDrbdParser.parse(procResync).value();
    }
}
