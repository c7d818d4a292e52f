package io.proteus.dataplane;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The buffer stores of the workers running in this process, by the address they serve Flight on. Workers of one
 * process share the process's root allocator, so a task reading a buffer of another worker of its process takes the
 * stored Arrow buffers without copying or serializing them, exactly as it reads its own worker's store; workers in
 * other processes are read with Flight {@code DoGet}. A worker registers its store when its server is up and removes
 * it when it starts to shut down (its readers then fail over to Flight like any reader of a worker that is gone).
 */
final class ProcessBufferStores {

    private static final Map<String, BufferStore> STORES = new ConcurrentHashMap<>();

    private ProcessBufferStores() {
    }

    static void register(String address, BufferStore store) {
        STORES.put(requireNonNull(address, "address"), requireNonNull(store, "store"));
    }

    static void unregister(String address, BufferStore store) {
        STORES.remove(address, store);
    }

    /** The store of the worker of this process serving {@code address}, if there is one. */
    static Optional<BufferStore> find(String address) {
        return Optional.ofNullable(STORES.get(address));
    }
}
