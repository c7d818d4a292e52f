package io.proteus.dataplane;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * Threads for background function calls at the lowest CPU priority of the operating system: on Linux each such thread
 * sets its own nice value to 19 when it starts ({@code setpriority(PRIO_PROCESS, gettid(), 19)}, which on Linux applies
 * to the calling thread only), so that a background function in an idle slot yields the cores to query tasks of other
 * slots instead of sharing them equally. Elsewhere, or when the call is not available, the threads run at the normal
 * priority (only the Java priority is lowered, which Linux ignores).
 */
final class BackgroundThreads {

    /** The nice value of background threads: the lowest CPU priority. */
    static final int NICE = 19;

    private static final System.Logger LOGGER = System.getLogger(BackgroundThreads.class.getName());
    private static final Optional<MethodHandle> GETTID = function("gettid", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final Optional<MethodHandle> SETPRIORITY = function("setpriority",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private BackgroundThreads() {
    }

    /** A factory of daemon threads named {@code prefix0, prefix1, ...} that lower their own CPU priority first. */
    static ThreadFactory factory(String prefix) {
        ThreadFactory platform = Thread.ofPlatform().name(prefix, 0).daemon(true).priority(Thread.MIN_PRIORITY).factory();
        return runnable -> platform.newThread(() -> {
            lowerCurrentThread();
            runnable.run();
        });
    }

    /** Sets the calling thread's nice value to {@link #NICE}; returns whether it could. */
    static boolean lowerCurrentThread() {
        if (GETTID.isEmpty() || SETPRIORITY.isEmpty()) {
            return false;
        }
        try {
            int threadId = (int) GETTID.get().invokeExact();
            int result = (int) SETPRIORITY.get().invokeExact(0, threadId, NICE);
            return result == 0;
        } catch (Throwable e) {
            LOGGER.log(System.Logger.Level.DEBUG, "cannot lower the priority of a background thread", e);
            return false;
        }
    }

    private static Optional<MethodHandle> function(String name, FunctionDescriptor descriptor) {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return Optional.empty();
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lookup = linker.defaultLookup();
            Optional<MemorySegment> symbol = lookup.find(name);
            return symbol.map(address -> linker.downcallHandle(address, descriptor));
        } catch (RuntimeException | LinkageError e) {
            LOGGER.log(System.Logger.Level.DEBUG, "no native " + name + "; background threads keep the normal priority", e);
            return Optional.empty();
        }
    }
}
