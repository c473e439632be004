// SPDX-License-Identifier: GPL-3.0-or-later
import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the class files of a jar that are older than Java 6 (class-file major version below 50) as Java 8 class
 * files (major 52), with the stack maps that version requires; every other entry is copied unchanged. Run at package
 * time with the JDK's source launcher (the ClassFile API needs JDK 24 or later):
 *
 * <pre>java packaging/UpgradeClassFiles.java JAR...</pre>
 *
 * <p>Why (issue 25): picocli's jar is built for Java 5. The JVM verifies such classes with the old inferencing verifier
 * on every start, and its AOT cache cannot hold them, so each `drbd-pilot` command (not the window, which does not load
 * picocli) loaded its 176 classes from the jar: about 0.2 s of a one-shot `status`. The bytecode is not changed, only
 * rebuilt with stack maps; a class that cannot be rebuilt stops the build.
 */
public final class UpgradeClassFiles {

    private static final int FIRST_WITH_STACK_MAPS = 50;
    private static final int TARGET = 52;

    private UpgradeClassFiles() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("usage: java UpgradeClassFiles.java JAR...");
            System.exit(2);
        }
        for (String a : args) {
            Path jar = Path.of(a);
            int n = upgrade(jar);
            System.out.println("UpgradeClassFiles: " + n + " class file(s) of " + jar.getFileName()
                    + " rewritten as major version " + TARGET);
        }
    }

    /** Rewrites the jar in place; returns how many class files were rewritten. */
    static int upgrade(Path jar) throws IOException {
        Path tmp = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
                ZipFile in = new ZipFile(jar.toFile());
                OutputStream file = Files.newOutputStream(tmp);
                ZipOutputStream out = new ZipOutputStream(file)) {
            ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            ClassTransform toTarget = (builder, element) -> {
                if (element instanceof ClassFileVersion) {
                    builder.withVersion(TARGET, 0);
                } else {
                    builder.with(element);
                }
            };
            // the version first, so that the rebuilt method bodies are built (and given stack maps) for it
            ClassTransform transform = toTarget.andThen(ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL));
            for (ZipEntry e : Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(e).readAllBytes();
                if (!e.isDirectory() && e.getName().endsWith(".class") && !e.getName().startsWith("META-INF/")) {
                    ClassModel m = cf.parse(bytes);
                    if (m.majorVersion() < FIRST_WITH_STACK_MAPS) {
                        bytes = cf.transformClass(m, transform);
                        upgraded++;
                    }
                }
                ZipEntry copy = new ZipEntry(e.getName());
                copy.setTime(e.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        return upgraded;
    }
}
