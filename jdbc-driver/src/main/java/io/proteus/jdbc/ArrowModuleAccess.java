package io.proteus.jdbc;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Opens the {@code java.nio} package of {@code java.base} to Apache Arrow before the driver first touches Arrow.
 *
 * <h2>Why this class exists</h2>
 *
 * <p>Arrow's memory module reads the native address of direct byte buffers: the static initializer of
 * {@link MemoryUtil} calls {@code setAccessible(true)} on the private field {@code java.nio.Buffer.address} and on
 * the constructor of {@code java.nio.DirectByteBuffer}. Since JDK 16 the JDK strongly encapsulates its internals, so
 * that call fails with {@code InaccessibleObjectException} unless the JVM was started with
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED}, and every Arrow class then fails to initialize.
 *
 * <p>The driver is meant to be used like any other JDBC jar: {@code java -cp proteus-jdbc.jar SomeTool.java URL},
 * typically on a plain JDK 17 and without any JVM flag. So, when {@code java.nio} is not already open to the modules
 * that hold the driver and Arrow (normally both the unnamed module of the class path), this class opens it
 * programmatically, using the technique Lombok uses on JDK 9 and later:
 *
 * <ol>
 *   <li>obtain {@code sun.misc.Unsafe} through its {@code theUnsafe} field ({@code jdk.unsupported} opens that
 *       package on purpose);
 *   <li>compute the offset of the boolean {@code AccessibleObject.override} flag. Reflection hides the fields of
 *       {@code AccessibleObject}, so the offset is taken from {@link AccessibleObjectLookAlike}, a class that
 *       declares the same instance fields in the same order and so gets the same field layout;
 *   <li>set that flag to {@code true} on the {@code Method} object of the private {@code Module.implAddOpens(String,
 *       Module)}, which makes it invocable without an access check;
 *   <li>invoke it on {@code java.base} with {@code "java.nio"} and each target module.
 * </ol>
 *
 * <p>Nothing is done when the package is already open (for example when the JVM was started with the
 * {@code --add-opens} flag). On JDK 24 and later the JVM prints a one-time warning about the deprecated
 * {@code sun.misc.Unsafe} methods used here (Arrow itself uses them too); the flag avoids it. If the technique stops
 * working on a future JDK, the caller gets an {@link SQLException} that tells the user to add the flag.
 */
final class ArrowModuleAccess {
    static final String REQUIRED_JVM_FLAG = "--add-opens=java.base/java.nio=ALL-UNNAMED";

    private static final String PACKAGE = "java.nio";

    private static volatile boolean open;

    private ArrowModuleAccess() {}

    /**
     * Makes sure {@code java.nio} is open to the driver's and Arrow's modules; call before the first use of Arrow.
     *
     * @throws SQLException if the package is not open and cannot be opened programmatically
     */
    static void ensureOpen() throws SQLException {
        if (open) {
            return;
        }
        synchronized (ArrowModuleAccess.class) {
            if (open) {
                return;
            }
            Module javaBase = Object.class.getModule();
            // A class literal loads MemoryUtil without running its static initializer, so this is safe to do first.
            Set<Module> targets = new LinkedHashSet<>();
            targets.add(ArrowModuleAccess.class.getModule());
            targets.add(MemoryUtil.class.getModule());
            targets.removeIf(target -> javaBase.isOpen(PACKAGE, target));
            if (!targets.isEmpty()) {
                try {
                    Method addOpens = privilegedImplAddOpens();
                    for (Module target : targets) {
                        addOpens.invoke(javaBase, PACKAGE, target);
                    }
                } catch (ReflectiveOperationException | RuntimeException | LinkageError failure) {
                    throw notOpen(failure);
                }
                for (Module target : targets) {
                    if (!javaBase.isOpen(PACKAGE, target)) {
                        throw notOpen(null);
                    }
                }
            }
            open = true;
        }
    }

    /** Returns {@code Module.implAddOpens(String, Module)} with its access check switched off. */
    private static Method privilegedImplAddOpens() throws ReflectiveOperationException {
        // Reflection only, so that compiling the driver does not depend on the internal sun.misc API.
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        Object unsafe = theUnsafe.get(null);

        Method objectFieldOffset = unsafeClass.getMethod("objectFieldOffset", Field.class);
        long overrideOffset =
                (long) objectFieldOffset.invoke(unsafe, AccessibleObjectLookAlike.class.getDeclaredField("override"));

        Method implAddOpens = Module.class.getDeclaredMethod("implAddOpens", String.class, Module.class);
        Method putBooleanVolatile =
                unsafeClass.getMethod("putBooleanVolatile", Object.class, long.class, boolean.class);
        putBooleanVolatile.invoke(unsafe, implAddOpens, overrideOffset, true);
        return implAddOpens;
    }

    private static SQLException notOpen(Throwable cause) {
        return new SQLException(
                "The Proteus JDBC driver needs the package java.nio of java.base opened to Apache Arrow and could not"
                        + " open it by itself on this JVM ("
                        + Runtime.version()
                        + "). Start the JVM with "
                        + REQUIRED_JVM_FLAG
                        + ".",
                "08001",
                cause);
    }

    /**
     * Mirrors the instance fields of {@code java.lang.reflect.AccessibleObject} (a {@code boolean override} followed
     * by a {@code volatile Object accessCheckCache}), so that its {@code override} field sits at the same offset.
     */
    @SuppressWarnings("unused")
    private static final class AccessibleObjectLookAlike {
        boolean override;
        volatile Object accessCheckCache;
    }
}
