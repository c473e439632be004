// SPDX-License-Identifier: GPL-3.0-or-later
package io.drbdpilot.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import io.drbdpilot.settings.AppDirs;
import io.drbdpilot.settings.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * Logging set up in code (found by logback through {@code META-INF/services}).
 *
 * <ul>
 *   <li>A rolling file, {@code drbd-pilot.log}, in the per-user state directory ({@link AppDirs#logDir()}), or in
 *       {@code -Ddrbdpilot.logdir}. Rolled daily and at 10 MB, 14 days and 200 MB at most.</li>
 *   <li>The console (stderr) when {@code -Ddrbdpilot.console=true}, which the Maven run command sets.</li>
 * </ul>
 * JSch and MINA are kept at WARN: at INFO they log every packet exchange.
 */
public final class LogbackConfigurator extends ContextAwareBase implements Configurator {

    public static final String LOG_DIR_PROPERTY = "drbdpilot.logdir";
    public static final String CONSOLE_PROPERTY = "drbdpilot.console";
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";

    /** The directory the file log goes to, whether or not it could be created. */
    public static Path logDir() {
        String dir = System.getProperty(LOG_DIR_PROPERTY);
        return dir == null || dir.isBlank() ? AppDirs.current().logDir() : Path.of(dir);
    }

    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
        ch.qos.logback.classic.Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        ctx.getLogger("com.jcraft.jsch").setLevel(Level.WARN);
        ctx.getLogger("org.apache.sshd").setLevel(Level.WARN);
        ctx.getLogger("org.testfx").setLevel(Level.WARN);

        boolean fileOk = addFile(ctx, root);
        if (Boolean.getBoolean(CONSOLE_PROPERTY) || !fileOk) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setContext(ctx);
            console.setName("console");
            console.setTarget("System.err");
            console.setEncoder(encoder(ctx));
            if (!Boolean.getBoolean(CONSOLE_PROPERTY)) {
                // Only here because the file failed: keep the CLI's stdout/stderr clean of INFO chatter.
                ch.qos.logback.classic.filter.ThresholdFilter f = new ch.qos.logback.classic.filter.ThresholdFilter();
                f.setLevel("WARN");
                f.start();
                console.addFilter(f);
            }
            console.start();
            root.addAppender(console);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private boolean addFile(LoggerContext ctx, ch.qos.logback.classic.Logger root) {
        Path dir = logDir();
        try {
            PrivateFiles.directory(dir); // 0700: logs name nodes, users and paths
        } catch (IOException | RuntimeException e) {
            addWarn("Cannot create log directory " + dir + ": " + e);
            return false;
        }
        RollingFileAppender<ILoggingEvent> file = new RollingFileAppender<>();
        file.setContext(ctx);
        file.setName("file");
        file.setFile(dir.resolve("drbd-pilot.log").toString());
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(ctx);
        policy.setParent(file);
        policy.setFileNamePattern(dir.resolve("drbd-pilot-%d{yyyy-MM-dd}.%i.log.gz").toString());
        policy.setMaxFileSize(FileSize.valueOf("10MB"));
        policy.setMaxHistory(14);
        policy.setTotalSizeCap(FileSize.valueOf("200MB"));
        policy.start();
        file.setRollingPolicy(policy);
        file.setEncoder(encoder(ctx));
        file.start();
        if (!file.isStarted()) {
            return false;
        }
        PrivateFiles.restrict(dir.resolve("drbd-pilot.log"));
        root.addAppender(file);
        return true;
    }

    private static PatternLayoutEncoder encoder(LoggerContext ctx) {
        PatternLayoutEncoder enc = new PatternLayoutEncoder();
        enc.setContext(ctx);
        enc.setPattern(PATTERN);
        enc.start();
        return enc;
    }
}
