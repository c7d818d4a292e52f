package io.proteus.executor.operator.hash;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.ColumnCopy;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.operator.RowHashing;
import io.proteus.executor.type.DataType;
import io.proteus.executor.type.TypeKind;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * An open-addressing hash table mapping distinct key tuples to dense group ids (0, 1, 2, ...: across batches in order
 * of first appearance; within a batch too, except with more than 16 keys). The table is a power-of-two array of 64-bit slots probed linearly from the high bits of the row hash
 * ({@link RowHashing}); keys are also kept column-wise in {@link Column}s (the groups' keys, for output). NULL keys equal
 * each other (one NULL group); callers that need SQL join semantics skip NULL keys themselves.
 *
 * <p>The slot layout depends on the key types, so that a probe mostly touches one cache line and rarely compares keys
 * in vain:
 * <ul>
 *   <li>one INTEGER/DATE key: a slot packs the key (high 32 bits) with the group id plus one (low 32 bits; 0 means
 *       empty);</li>
 *   <li>one BIGINT key: two longs per slot, the key and the group id plus one;</li>
 *   <li>only fixed-width keys (integers, dates, decimals, doubles, booleans): a slot packs 32 bits of the hash (a tag)
 *       with the group id plus one, and each group's key tuple is also stored row-wise in one {@code int[]} (values,
 *       then a word of NULL and wide-decimal flags), so confirming a tag match reads one place; rows are probed one
 *       after the other after a pass that loads every row's home slot, so the CPU overlaps the cache misses;</li>
 *   <li>keys with strings: tagged slots as above, and each group's key tuple serialized to bytes (flags, fixed-width
 *       values, length-prefixed strings) in one {@code byte[]}, so confirming a tag match is one byte-range comparison;
 *       </li>
 *   <li>more than 16 keys: tagged slots, and a batch's rows walk the table together, candidates being confirmed by
 *       comparing whole key columns with type-specialised loops.</li>
 * </ul>
 * In the single-key layouts the NULL group is kept outside the slots.
 */
public final class GroupHashTable {

    private static final int INITIAL_CAPACITY = 1024;
    /** The most keys a row-wise key store takes (flags: bit k for NULL, bit 16 + k for a wide decimal). */
    private static final int MAX_ROW_KEYS = 16;
    private static final int WIDE_FLAGS = 0xFFFF0000;
    /**
     * Rows probed per round of the single-row layouts: a round loads its rows' slots (and stored keys) before resolving
     * them, and its lines must still be in the CPU caches when it does.
     */
    private static final int PROBE_CHUNK = 256;
    private static final VarHandle INT_VIEW = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_VIEW = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private enum Layout { INT_KEY, LONG_KEY, FIXED_ROWS, SERIALIZED, GENERAL }

    private final Column[] keys;
    private final Layout layout;
    /** FIXED_ROWS: ints per group in {@link #rowKeys}, the first int of each key, and the flags word's position. */
    private final int rowWidth;
    private final int[] keyOffsets;
    private final int flagsOffset;
    private int[] rowKeys = new int[0];
    /** SERIALIZED: each group's key tuple as bytes (see {@link #serializeRows}), group g at {@code [keyStart[g], keyStart[g + 1])}. */
    private byte[] keyBytes = new byte[0];
    private int[] keyStart = new int[] {0};
    private long[] groupHashes = new long[64];
    private int groupCount;
    private int nullGroup = -1;
    private long[] slots;
    private int slotCount;
    private int mask;
    private int shift;
    /** The scratch arrays of {@link #findOrInsert}; readers sharing a finished table bring their own. */
    private final Scratch ownScratch = new Scratch();

    /**
     * Per-caller work arrays of a probe. A table that is no longer inserted into may be probed by several threads at
     * once ({@link #find(Column[], long[], int[], int, int, int[], Scratch)}), each with its own scratch.
     */
    public static final class Scratch {
        private int[] pending = new int[0];
        private int[] next = new int[0];
        private int[] slotOf = new int[0];
        private int[] candidates = new int[0];
        private int[] candidateGroups = new int[0];
        private boolean[] matches = new boolean[0];
        private long[] entries = new long[0];
        private int[] entrySlots = new int[0];
        private int[] packed = new int[0];
        private int[] newRows = new int[0];
        private byte[] serialized = new byte[0];
        private int[] serialStart = new int[0];
        /** Keeps the prefetching loads of {@link #probeFixedRows} from being optimised away. */
        private int prefetchSink;

        private void ensure(int rows) {
            if (pending.length < rows) {
                int size = Math.max(rows, 64);
                pending = new int[size];
                next = new int[size];
                candidates = new int[size];
                candidateGroups = new int[size];
                matches = new boolean[size];
            }
        }

        private void ensureSlotOf(int rows) {
            if (slotOf.length < rows) {
                slotOf = new int[Math.max(rows, 64)];
            }
        }

        private void ensureEntries(int rows) {
            if (entries.length < rows) {
                entries = new long[Math.max(rows, 64)];
                entrySlots = new int[Math.max(rows, 64)];
            }
        }

        private void ensurePacked(int ints) {
            if (packed.length < ints) {
                packed = new int[Math.max(ints, 64)];
            }
        }

        private void ensureNewRows(int rows) {
            if (newRows.length < rows) {
                newRows = new int[Math.max(rows, 64)];
            }
        }

        private void ensureSerialStart(int rows) {
            if (serialStart.length < rows + 1) {
                serialStart = new int[Math.max(rows + 1, 64)];
            }
        }

        private byte[] ensureSerialized(int bytes) {
            if (serialized.length < bytes) {
                serialized = new byte[Math.max(bytes, serialized.length * 2)];
            }
            return serialized;
        }

        long retainedBytes() {
            return pending.length * 21L + slotOf.length * 4L + entries.length * 12L + packed.length * 4L
                    + newRows.length * 4L + serialized.length + serialStart.length * 4L;
        }
    }

    public GroupHashTable(List<DataType> keyTypes) {
        keys = new Column[keyTypes.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Column.create(keyTypes.get(i), 64);
        }
        boolean fixedWidth = keys.length <= MAX_ROW_KEYS;
        for (Column key : keys) {
            fixedWidth &= !(key instanceof VarcharColumn);
        }
        if (keys.length == 1 && keys[0] instanceof IntColumn) {
            layout = Layout.INT_KEY;
        } else if (keys.length == 1 && keys[0] instanceof LongColumn) {
            layout = Layout.LONG_KEY;
        } else if (fixedWidth && keys.length > 0) {
            layout = Layout.FIXED_ROWS;
        } else if (keys.length > 0 && keys.length <= MAX_ROW_KEYS) {
            layout = Layout.SERIALIZED;
        } else {
            layout = Layout.GENERAL;
        }
        keyOffsets = new int[keys.length];
        int width = 0;
        if (layout == Layout.FIXED_ROWS) {
            for (int k = 0; k < keys.length; k++) {
                keyOffsets[k] = width;
                width += keys[k] instanceof IntColumn || keys[k] instanceof BooleanColumn ? 1 : 2;
            }
            flagsOffset = width;
            width++;
        } else {
            flagsOffset = -1;
        }
        rowWidth = width;
        if (layout == Layout.FIXED_ROWS) {
            rowKeys = new int[64 * rowWidth];
        }
        allocateSlots(INITIAL_CAPACITY);
    }

    private void allocateSlots(int capacity) {
        slots = new long[layout == Layout.LONG_KEY ? capacity * 2 : capacity];
        slotCount = capacity;
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    /** The number of distinct keys inserted. */
    public int groupCount() {
        return groupCount;
    }

    /** The stored key column {@code index}: row {@code g} holds the key of group {@code g}. */
    public Column keyColumn(int index) {
        return keys[index];
    }

    /** The hash of group {@code group}'s key. */
    public long groupHash(int group) {
        return groupHashes[group];
    }

    /** Approximate heap bytes retained. */
    public long retainedBytes() {
        long bytes = slots.length * 8L + groupHashes.length * 8L + rowKeys.length * 4L + keyBytes.length
                + keyStart.length * 4L + ownScratch.retainedBytes();
        for (Column key : keys) {
            bytes += key.retainedBytes();
        }
        return bytes;
    }

    private int slotFor(long hash) {
        return (int) (hash >>> shift) & mask;
    }

    /**
     * Loads the home slot of rows {@code from..to-1} (positions {@code selection[k]}, or {@code k}) into
     * {@code entrySlots} and the slot's entry ({@code table[stride * slot]}) into {@code entries}: independent loads,
     * so the CPU overlaps their cache misses before the rows are resolved one by one.
     */
    private void loadHomeSlots(long[] hashes, int[] selection, int from, int to, long[] table, int stride,
            int[] entrySlots, long[] entries) {
        for (int k = from; k < to; k++) {
            int row = selection == null ? k : selection[k];
            int slot = slotFor(hashes[row]);
            entrySlots[k] = slot;
            entries[k] = table[stride * slot];
        }
    }

    /** A tagged slot: the low 32 bits of the hash, then the group id plus one. */
    private static long tagged(long hash, int group) {
        return (hash << 32) | ((group + 1) & 0xFFFFFFFFL);
    }

    private static boolean tagMatches(long entry, long hash) {
        return (int) (entry >>> 32) == (int) hash;
    }

    private void ensureRoom(int additional) {
        long needed = (long) groupCount + additional;
        if (needed * 2 <= slotCount) {
            return;
        }
        int capacity = slotCount;
        while ((long) capacity < needed * 2) {
            capacity <<= 1;
        }
        if (capacity > (1 << 30)) {
            throw new IllegalStateException("hash table exceeds 2^29 groups");
        }
        allocateSlots(capacity);
        long[] table = slots;
        switch (layout) {
            case INT_KEY -> {
                int[] values = ((IntColumn) keys[0]).values();
                for (int group = 0; group < groupCount; group++) {
                    if (group == nullGroup) {
                        continue;
                    }
                    int slot = slotFor(groupHashes[group]);
                    while (table[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    table[slot] = pack(values[group], group);
                }
            }
            case LONG_KEY -> {
                long[] values = ((LongColumn) keys[0]).values();
                for (int group = 0; group < groupCount; group++) {
                    if (group == nullGroup) {
                        continue;
                    }
                    int slot = slotFor(groupHashes[group]);
                    while (table[2 * slot + 1] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    table[2 * slot] = values[group];
                    table[2 * slot + 1] = group + 1;
                }
            }
            case FIXED_ROWS, SERIALIZED, GENERAL -> {
                for (int group = 0; group < groupCount; group++) {
                    long hash = groupHashes[group];
                    int slot = slotFor(hash);
                    while (table[slot] != 0) {
                        slot = (slot + 1) & mask;
                    }
                    table[slot] = tagged(hash, group);
                }
            }
        }
    }

    private void recordHash(int group, long hash) {
        if (group == groupHashes.length) {
            groupHashes = Arrays.copyOf(groupHashes, group * 2);
        }
        groupHashes[group] = hash;
    }

    /**
     * Maps rows {@code selection[0..count-1]} (or {@code 0..count-1}) to group ids, inserting new groups;
     * {@code groupIds[row]} receives the id. {@code keyColumns} and {@code hashes} are positional (indexed by row).
     */
    public void findOrInsert(Column[] keyColumns, long[] hashes, int[] selection, int count, int batchRows, int[] groupIds) {
        ensureRoom(count);
        probe(keyColumns, hashes, selection, count, batchRows, groupIds, true, ownScratch);
    }

    /** Like {@link #findOrInsert} but without inserting: rows whose key is absent get group id -1. */
    public void find(Column[] keyColumns, long[] hashes, int[] selection, int count, int batchRows, int[] groupIds) {
        probe(keyColumns, hashes, selection, count, batchRows, groupIds, false, ownScratch);
    }

    /**
     * Like {@link #find(Column[], long[], int[], int, int, int[])} with the caller's scratch arrays: threads may probe
     * a table that nobody inserts into any more at the same time, each with its own {@link Scratch}.
     */
    public void find(Column[] keyColumns, long[] hashes, int[] selection, int count, int batchRows, int[] groupIds,
            Scratch scratch) {
        probe(keyColumns, hashes, selection, count, batchRows, groupIds, false, scratch);
    }

    private void probe(Column[] keyColumns, long[] hashes, int[] selection, int count, int batchRows, int[] groupIds,
            boolean insert, Scratch scratch) {
        if (keyColumns.length != keys.length) {
            throw new IllegalArgumentException("a table of " + keys.length + " keys probed with " + keyColumns.length);
        }
        if (count == 0) {
            return;
        }
        switch (layout) {
            case INT_KEY -> {
                if (!(keyColumns[0] instanceof IntColumn input)) {
                    throw new IllegalArgumentException("an INTEGER key table probed with " + keyColumns[0].type());
                }
                probeInts((IntColumn) keys[0], input, hashes, selection, count, groupIds, insert, scratch);
            }
            case LONG_KEY -> {
                if (!(keyColumns[0] instanceof LongColumn input)) {
                    throw new IllegalArgumentException("a BIGINT key table probed with " + keyColumns[0].type());
                }
                probeLongs((LongColumn) keys[0], input, hashes, selection, count, groupIds, insert, scratch);
            }
            case FIXED_ROWS -> probeFixedRows(keyColumns, hashes, selection, count, groupIds, insert, scratch);
            case SERIALIZED -> probeSerialized(keyColumns, hashes, selection, count, groupIds, insert, scratch);
            case GENERAL -> probeGeneral(keyColumns, hashes, selection, count, batchRows, groupIds, insert, scratch);
        }
    }

    private void probeGeneral(Column[] keyColumns, long[] hashes, int[] selection, int count, int batchRows,
            int[] groupIds, boolean insert, Scratch scratch) {
        scratch.ensure(count);
        scratch.ensureSlotOf(batchRows);
        int[] slotOf = scratch.slotOf;
        int[] candidates = scratch.candidates;
        int[] candidateGroups = scratch.candidateGroups;
        boolean[] matches = scratch.matches;
        int[] current = scratch.pending;
        int currentCount = count;
        for (int k = 0; k < count; k++) {
            int row = selection == null ? k : selection[k];
            current[k] = row;
            slotOf[row] = slotFor(hashes[row]);
        }
        int[] following = scratch.next;
        long[] table = slots;
        while (currentCount > 0) {
            int candidateCount = 0;
            int followingCount = 0;
            for (int k = 0; k < currentCount; k++) {
                int row = current[k];
                int slot = slotOf[row];
                long entry = table[slot];
                long hash = hashes[row];
                if (entry == 0) {
                    int group = -1;
                    if (insert) {
                        group = addGroup(keyColumns, row, hash);
                        table[slot] = tagged(hash, group);
                    }
                    groupIds[row] = group;
                } else if (tagMatches(entry, hash)) {
                    candidates[candidateCount] = row;
                    candidateGroups[candidateCount++] = (int) entry - 1;
                } else {
                    slotOf[row] = (slot + 1) & mask;
                    following[followingCount++] = row;
                }
            }
            if (candidateCount > 0) {
                Arrays.fill(matches, 0, candidateCount, true);
                for (int key = 0; key < keys.length; key++) {
                    compareKeys(keys[key], keyColumns[key], candidateCount, scratch);
                }
                for (int c = 0; c < candidateCount; c++) {
                    int row = candidates[c];
                    if (matches[c]) {
                        groupIds[row] = candidateGroups[c];
                    } else {
                        slotOf[row] = (slotOf[row] + 1) & mask;
                        following[followingCount++] = row;
                    }
                }
            }
            int[] swap = current;
            current = following;
            following = swap;
            currentCount = followingCount;
        }
    }

    /**
     * Probing for fixed-width keys: the rows' key tuples are packed row-wise like the stored ones, every row's home slot
     * is loaded in one pass (independent loads, so the CPU overlaps the cache misses), the stored key rows of tag matches
     * in a second, and then the rows are resolved one after the other, comparing packed tuples inline. New groups'
     * keys are appended to the key columns once the batch is done.
     */
    private void probeFixedRows(Column[] keyColumns, long[] hashes, int[] selection, int count, int[] groupIds,
            boolean insert, Scratch scratch) {
        int width = rowWidth;
        scratch.ensurePacked(count * width);
        scratch.ensureEntries(count);
        int[] packed = scratch.packed;
        boolean anyWide = packRows(keyColumns, selection, count, packed);
        long[] entries = scratch.entries;
        int[] entrySlots = scratch.entrySlots;
        long[] table = slots;
        int firstNewGroup = groupCount;
        int newCount = 0;
        int[] newRows = null;
        if (insert) {
            scratch.ensureNewRows(count);
            newRows = scratch.newRows;
        }
        for (int chunk = 0; chunk < count; chunk += PROBE_CHUNK) {
            int chunkEnd = Math.min(count, chunk + PROBE_CHUNK);
            loadHomeSlots(hashes, selection, chunk, chunkEnd, table, 1, entrySlots, entries);
            int[] stored = rowKeys;
            int touched = 0;
            for (int k = chunk; k < chunkEnd; k++) {
                long entry = entries[k];
                int row = selection == null ? k : selection[k];
                if (entry != 0 && tagMatches(entry, hashes[row])) {
                    touched += stored[((int) entry - 1) * width];
                }
            }
            scratch.prefetchSink = touched;
            for (int k = chunk; k < chunkEnd; k++) {
                int row = selection == null ? k : selection[k];
                long hash = hashes[row];
                int offset = k * width;
                int slot = entrySlots[k];
                while (true) {
                    long entry = table[slot];
                    if (entry == 0) {
                        int group = -1;
                        if (insert) {
                            group = groupCount;
                            long end = (long) (group + 1) * width;
                            if (end > stored.length) {
                                if (end > Integer.MAX_VALUE - 16) {
                                    throw new IllegalStateException("hash table key store exceeds 2^31 values");
                                }
                                stored = Arrays.copyOf(stored, (int) Math.min(Integer.MAX_VALUE - 16,
                                        Math.max(end, stored.length * 2L)));
                                rowKeys = stored;
                            }
                            System.arraycopy(packed, offset, stored, group * width, width);
                            recordHash(group, hash);
                            groupCount++;
                            table[slot] = tagged(hash, group);
                            newRows[newCount++] = row;
                        }
                        groupIds[row] = group;
                        break;
                    }
                    if (tagMatches(entry, hash)) {
                        int group = (int) entry - 1;
                        if (rowEquals(stored, group * width, packed, offset, width)
                                && (!anyWide || (packed[offset + flagsOffset] & WIDE_FLAGS) == 0
                                        || wideKeysEqual(group, packed[offset + flagsOffset], keyColumns, row,
                                                firstNewGroup, newRows))) {
                            groupIds[row] = group;
                            break;
                        }
                    }
                    slot = (slot + 1) & mask;
                }
            }
        }
        if (newCount > 0) {
            for (int key = 0; key < keys.length; key++) {
                keys[key].ensureCapacity(groupCount);
                ColumnCopy.appendRows(keyColumns[key], newRows, newCount, keys[key], firstNewGroup);
            }
        }
    }

    /**
     * Probing for keys that include strings: the rows' key tuples are serialized to bytes like the stored ones, so that
     * confirming a tag match is one comparison of two byte ranges (one place in memory per group instead of one per key
     * column). Otherwise as {@link #probeFixedRows}.
     */
    private void probeSerialized(Column[] keyColumns, long[] hashes, int[] selection, int count, int[] groupIds,
            boolean insert, Scratch scratch) {
        scratch.ensureEntries(count);
        scratch.ensureSerialStart(count);
        boolean anyWide = serializeRows(keyColumns, selection, count, scratch);
        byte[] serialized = scratch.serialized;
        int[] serialStart = scratch.serialStart;
        long[] entries = scratch.entries;
        int[] entrySlots = scratch.entrySlots;
        long[] table = slots;
        int firstNewGroup = groupCount;
        int newCount = 0;
        int[] newRows = null;
        if (insert) {
            scratch.ensureNewRows(count);
            newRows = scratch.newRows;
        }
        for (int chunk = 0; chunk < count; chunk += PROBE_CHUNK) {
            int chunkEnd = Math.min(count, chunk + PROBE_CHUNK);
            loadHomeSlots(hashes, selection, chunk, chunkEnd, table, 1, entrySlots, entries);
            byte[] stored = keyBytes;
            int[] starts = keyStart;
            int touched = 0;
            for (int k = chunk; k < chunkEnd; k++) {
                long entry = entries[k];
                int row = selection == null ? k : selection[k];
                if (entry != 0 && tagMatches(entry, hashes[row])) {
                    touched += stored[starts[(int) entry - 1]];
                }
            }
            scratch.prefetchSink = touched;
            for (int k = chunk; k < chunkEnd; k++) {
                int row = selection == null ? k : selection[k];
                long hash = hashes[row];
                int from = serialStart[k];
                int to = serialStart[k + 1];
                int slot = entrySlots[k];
                while (true) {
                    long entry = table[slot];
                    if (entry == 0) {
                        int group = -1;
                        if (insert) {
                            group = groupCount;
                            int length = to - from;
                            int end = starts[group];
                            if ((long) end + length > stored.length) {
                                if ((long) end + length > Integer.MAX_VALUE - 16) {
                                    throw new IllegalStateException("hash table key store exceeds 2 GB");
                                }
                                stored = Arrays.copyOf(stored, (int) Math.min(Integer.MAX_VALUE - 16,
                                        Math.max((long) end + length, stored.length * 2L + 1024)));
                                keyBytes = stored;
                            }
                            if (group + 2 > starts.length) {
                                starts = Arrays.copyOf(starts, Math.max(group + 2, starts.length * 2));
                                keyStart = starts;
                            }
                            System.arraycopy(serialized, from, stored, end, length);
                            starts[group + 1] = end + length;
                            recordHash(group, hash);
                            groupCount++;
                            table[slot] = tagged(hash, group);
                            newRows[newCount++] = row;
                        }
                        groupIds[row] = group;
                        break;
                    }
                    if (tagMatches(entry, hash)) {
                        int group = (int) entry - 1;
                        if (Arrays.equals(stored, starts[group], starts[group + 1], serialized, from, to)
                                && (!anyWide || (((int) INT_VIEW.get(serialized, from)) & WIDE_FLAGS) == 0
                                        || wideKeysEqual(group, (int) INT_VIEW.get(serialized, from), keyColumns, row,
                                                firstNewGroup, newRows))) {
                            groupIds[row] = group;
                            break;
                        }
                    }
                    slot = (slot + 1) & mask;
                }
            }
        }
        if (newCount > 0) {
            for (int key = 0; key < keys.length; key++) {
                keys[key].ensureCapacity(groupCount);
                ColumnCopy.appendRows(keyColumns[key], newRows, newCount, keys[key], firstNewGroup);
            }
        }
    }

    /**
     * Serializes the key tuples of rows {@code selection[0..count-1]} into the scratch bytes, tuple {@code k} at
     * {@code [serialStart[k], serialStart[k + 1])}: a 32-bit word of flags (bit k: key k is NULL; bit 16 + k: key k is
     * a wide decimal), then per key 4 bytes (INTEGER, DATE, BOOLEAN), 8 bytes (BIGINT, DECIMAL, DOUBLE as canonical
     * bits) or a 4-byte length and the UTF-8 bytes (VARCHAR); NULLs and wide decimals are written as zeros (and empty
     * strings). Equal tuples serialize to equal bytes and, wide decimals aside, only they do. Returns whether any row
     * has a wide decimal.
     */
    private boolean serializeRows(Column[] keyColumns, int[] selection, int count, Scratch scratch) {
        int[] starts = scratch.serialStart;
        int fixed = 4;
        for (Column column : keyColumns) {
            fixed += switch (column) {
                case IntColumn ignored -> 4;
                case BooleanColumn ignored -> 4;
                case VarcharColumn ignored -> 4;
                default -> 8;
            };
        }
        // Cursor per row: first its size, then where its next key goes (flags first).
        scratch.ensure(count);
        int[] cursor = scratch.pending;
        Arrays.fill(cursor, 0, count, fixed);
        for (Column column : keyColumns) {
            if (column instanceof VarcharColumn strings) {
                int[] valueStarts = strings.starts();
                int[] valueEnds = strings.ends();
                boolean checkNulls = strings.mayHaveNulls();
                boolean[] nulls = strings.nulls();
                for (int k = 0; k < count; k++) {
                    int row = selection == null ? k : selection[k];
                    cursor[k] += checkNulls && nulls[row] ? 0 : valueEnds[row] - valueStarts[row];
                }
            }
        }
        long total = 0;
        for (int k = 0; k < count; k++) {
            starts[k] = (int) total;
            total += cursor[k];
            if (total > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("a batch's hash keys exceed 2 GB");
            }
        }
        starts[count] = (int) total;
        byte[] out = scratch.ensureSerialized((int) total);
        for (int k = 0; k < count; k++) {
            INT_VIEW.set(out, starts[k], 0);
            cursor[k] = starts[k] + 4;
        }
        boolean anyWide = false;
        for (int key = 0; key < keyColumns.length; key++) {
            Column column = keyColumns[key];
            int nullBit = 1 << key;
            boolean checkNulls = column.mayHaveNulls();
            boolean[] nulls = column.nulls();
            switch (column) {
                case IntColumn ints -> {
                    int[] values = ints.values();
                    for (int k = 0; k < count; k++) {
                        int row = selection == null ? k : selection[k];
                        boolean isNull = checkNulls && nulls[row];
                        INT_VIEW.set(out, cursor[k], isNull ? 0 : values[row]);
                        if (isNull) {
                            orFlags(out, starts[k], nullBit);
                        }
                        cursor[k] += 4;
                    }
                }
                case BooleanColumn booleans -> {
                    boolean[] values = booleans.values();
                    boolean allNull = booleans.type().kind() == TypeKind.NULL;
                    for (int k = 0; k < count; k++) {
                        int row = selection == null ? k : selection[k];
                        boolean isNull = allNull || (checkNulls && nulls[row]);
                        INT_VIEW.set(out, cursor[k], isNull ? 0 : values[row] ? 1 : 0);
                        if (isNull) {
                            orFlags(out, starts[k], nullBit);
                        }
                        cursor[k] += 4;
                    }
                }
                case LongColumn longs -> {
                    long[] values = longs.values();
                    for (int k = 0; k < count; k++) {
                        int row = selection == null ? k : selection[k];
                        boolean isNull = checkNulls && nulls[row];
                        LONG_VIEW.set(out, cursor[k], isNull ? 0L : values[row]);
                        if (isNull) {
                            orFlags(out, starts[k], nullBit);
                        }
                        cursor[k] += 8;
                    }
                }
                case DecimalColumn decimals -> {
                    long[] values = decimals.values();
                    boolean hasWide = decimals.hasWide();
                    int wideBit = 1 << (16 + key);
                    for (int k = 0; k < count; k++) {
                        int row = selection == null ? k : selection[k];
                        boolean isNull = checkNulls && nulls[row];
                        boolean wide = !isNull && hasWide && decimals.isWide(row);
                        LONG_VIEW.set(out, cursor[k], isNull || wide ? 0L : values[row]);
                        if (isNull) {
                            orFlags(out, starts[k], nullBit);
                        } else if (wide) {
                            orFlags(out, starts[k], wideBit);
                            anyWide = true;
                        }
                        cursor[k] += 8;
                    }
                }
                case DoubleColumn doubles -> {
                    double[] values = doubles.values();
                    for (int k = 0; k < count; k++) {
                        int row = selection == null ? k : selection[k];
                        boolean isNull = checkNulls && nulls[row];
                        double value = values[row];
                        LONG_VIEW.set(out, cursor[k], isNull ? 0L : Double.doubleToLongBits(value == 0.0 ? 0.0 : value));
                        if (isNull) {
                            orFlags(out, starts[k], nullBit);
                        }
                        cursor[k] += 8;
                    }
                }
                case VarcharColumn strings -> {
                    byte[] data = strings.data();
                    int[] valueStarts = strings.starts();
                    int[] valueEnds = strings.ends();
                    for (int k = 0; k < count; k++) {
                        int row = selection == null ? k : selection[k];
                        int at = cursor[k];
                        if (checkNulls && nulls[row]) {
                            INT_VIEW.set(out, at, 0);
                            orFlags(out, starts[k], nullBit);
                            cursor[k] = at + 4;
                        } else {
                            int length = valueEnds[row] - valueStarts[row];
                            INT_VIEW.set(out, at, length);
                            System.arraycopy(data, valueStarts[row], out, at + 4, length);
                            cursor[k] = at + 4 + length;
                        }
                    }
                }
            }
        }
        return anyWide;
    }

    private static void orFlags(byte[] out, int at, int bit) {
        INT_VIEW.set(out, at, (int) INT_VIEW.get(out, at) | bit);
    }

    private static boolean rowEquals(int[] stored, int storedOffset, int[] packed, int packedOffset, int width) {
        for (int i = 0; i < width; i++) {
            if (stored[storedOffset + i] != packed[packedOffset + i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compares the wide decimal keys (flagged in {@code flags}, equal in both tuples) of a group and a row. The group's
     * keys are in the key columns, or, for a group created by this batch, at its first row in the batch.
     */
    private boolean wideKeysEqual(int group, int flags, Column[] keyColumns, int row, int firstNewGroup, int[] newRows) {
        for (int key = 0; key < keys.length; key++) {
            if ((flags & (1 << (16 + key))) == 0) {
                continue;
            }
            BigInteger value = ((DecimalColumn) keyColumns[key]).bigValue(row);
            BigInteger storedValue = group >= firstNewGroup
                    ? ((DecimalColumn) keyColumns[key]).bigValue(newRows[group - firstNewGroup])
                    : ((DecimalColumn) keys[key]).bigValue(group);
            if (!value.equals(storedValue)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the key tuples of rows {@code selection[0..count-1]} row-wise to {@code packed} (tuple {@code k} at
     * {@code k * rowWidth}): NULLs as 0 with their flag bit, doubles as canonical bits (so -0.0 = 0.0 and NaN = NaN),
     * wide decimals as 0 with their flag bit. Returns whether any row has a wide decimal.
     */
    private boolean packRows(Column[] keyColumns, int[] selection, int count, int[] packed) {
        int width = rowWidth;
        int flags = flagsOffset;
        for (int k = 0; k < count; k++) {
            packed[k * width + flags] = 0;
        }
        boolean anyWide = false;
        for (int key = 0; key < keys.length; key++) {
            Column column = keyColumns[key];
            int at = keyOffsets[key];
            int nullBit = 1 << key;
            boolean checkNulls = column.mayHaveNulls();
            boolean[] nulls = column.nulls();
            switch (column) {
                case IntColumn ints -> {
                    int[] values = ints.values();
                    for (int k = 0; k < count; k++) {
                        int row = selection == null ? k : selection[k];
                        int offset = k * width;
                        if (checkNulls && nulls[row]) {
                            packed[offset + at] = 0;
                            packed[offset + flags] |= nullBit;
                        } else {
                            packed[offset + at] = values[row];
                        }
                    }
                }
                case LongColumn longs -> packLongs(longs.values(), checkNulls, nulls, selection, count, packed, at, nullBit);
                case DecimalColumn decimals -> {
                    packLongs(decimals.values(), checkNulls, nulls, selection, count, packed, at, nullBit);
                    if (decimals.hasWide()) {
                        int wideBit = 1 << (16 + key);
                        for (int k = 0; k < count; k++) {
                            int row = selection == null ? k : selection[k];
                            if (decimals.isWide(row) && !(checkNulls && nulls[row])) {
                                int offset = k * width;
                                packed[offset + at] = 0;
                                packed[offset + at + 1] = 0;
                                packed[offset + flags] |= wideBit;
                                anyWide = true;
                            }
                        }
                    }
                }
                case DoubleColumn doubles -> {
                    double[] values = doubles.values();
                    for (int k = 0; k < count; k++) {
                        int row = selection == null ? k : selection[k];
                        int offset = k * width;
                        if (checkNulls && nulls[row]) {
                            packed[offset + at] = 0;
                            packed[offset + at + 1] = 0;
                            packed[offset + flags] |= nullBit;
                        } else {
                            double value = values[row];
                            long bits = Double.doubleToLongBits(value == 0.0 ? 0.0 : value);
                            packed[offset + at] = (int) bits;
                            packed[offset + at + 1] = (int) (bits >>> 32);
                        }
                    }
                }
                case BooleanColumn booleans -> {
                    boolean[] values = booleans.values();
                    boolean allNull = booleans.type().kind() == TypeKind.NULL;
                    for (int k = 0; k < count; k++) {
                        int row = selection == null ? k : selection[k];
                        int offset = k * width;
                        if (allNull || (checkNulls && nulls[row])) {
                            packed[offset + at] = 0;
                            packed[offset + flags] |= nullBit;
                        } else {
                            packed[offset + at] = values[row] ? 1 : 0;
                        }
                    }
                }
                case VarcharColumn ignored -> throw new IllegalStateException("a string key in a fixed-width table");
            }
        }
        return anyWide;
    }

    private void packLongs(long[] values, boolean checkNulls, boolean[] nulls, int[] selection, int count, int[] packed,
            int at, int nullBit) {
        int width = rowWidth;
        int flags = flagsOffset;
        for (int k = 0; k < count; k++) {
            int row = selection == null ? k : selection[k];
            int offset = k * width;
            if (checkNulls && nulls[row]) {
                packed[offset + at] = 0;
                packed[offset + at + 1] = 0;
                packed[offset + flags] |= nullBit;
            } else {
                long value = values[row];
                packed[offset + at] = (int) value;
                packed[offset + at + 1] = (int) (value >>> 32);
            }
        }
    }

    private static long pack(int value, int group) {
        return ((long) value << 32) | ((group + 1) & 0xFFFFFFFFL);
    }

    /** Row-at-a-time probing for one INTEGER/DATE key: compares values inline, no candidate rounds. */
    private void probeInts(IntColumn stored, IntColumn input, long[] hashes, int[] selection, int count, int[] groupIds,
            boolean insert, Scratch scratch) {
        int[] values = input.values();
        boolean inputNulls = input.mayHaveNulls();
        boolean[] nulls = input.nulls();
        long[] table = slots;
        scratch.ensureEntries(count);
        long[] entries = scratch.entries;
        int[] entrySlots = scratch.entrySlots;
        // Pass 1: independent loads of every row's home slot, so the CPU overlaps the cache misses.
        for (int chunk = 0; chunk < count; chunk += PROBE_CHUNK) {
            int chunkEnd = Math.min(count, chunk + PROBE_CHUNK);
            loadHomeSlots(hashes, selection, chunk, chunkEnd, table, 1, entrySlots, entries);
            // Pass 2: rows whose home slot held their key are done; others probe (and insert) one by one.
            for (int k = chunk; k < chunkEnd; k++) {
                int row = selection == null ? k : selection[k];
                long entry = entries[k];
                if (inputNulls && nulls[row]) {
                    groupIds[row] = nullGroup(input, row, hashes[row], insert);
                    continue;
                }
                int value = values[row];
                if (entry != 0 && (int) (entry >>> 32) == value) {
                    groupIds[row] = (int) entry - 1;
                    continue;
                }
                int slot = entrySlots[k];
                while (true) {
                    entry = table[slot];
                    if (entry == 0) {
                        int group = -1;
                        if (insert) {
                            group = groupCount;
                            if (group == stored.capacity()) {
                                stored.ensureCapacity(group + 1);
                            }
                            stored.values()[group] = value;
                            if (stored.mayHaveNulls()) {
                                stored.nulls()[group] = false;
                            }
                            recordHash(group, hashes[row]);
                            groupCount++;
                            table[slot] = pack(value, group);
                        }
                        groupIds[row] = group;
                        break;
                    }
                    if ((int) (entry >>> 32) == value) {
                        groupIds[row] = (int) entry - 1;
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
            }
        }
    }

    /** Row-at-a-time probing for one BIGINT key stored in the slots next to its group id. */
    private void probeLongs(LongColumn stored, LongColumn input, long[] hashes, int[] selection, int count, int[] groupIds,
            boolean insert, Scratch scratch) {
        long[] values = input.values();
        boolean inputNulls = input.mayHaveNulls();
        boolean[] nulls = input.nulls();
        long[] table = slots;
        scratch.ensureEntries(count);
        long[] entries = scratch.entries;
        int[] entrySlots = scratch.entrySlots;
        for (int chunk = 0; chunk < count; chunk += PROBE_CHUNK) {
            int chunkEnd = Math.min(count, chunk + PROBE_CHUNK);
            loadHomeSlots(hashes, selection, chunk, chunkEnd, table, 2, entrySlots, entries);
            for (int k = chunk; k < chunkEnd; k++) {
                int row = selection == null ? k : selection[k];
                if (inputNulls && nulls[row]) {
                    groupIds[row] = nullGroup(input, row, hashes[row], insert);
                    continue;
                }
                long value = values[row];
                int slot = entrySlots[k];
                while (true) {
                    long groupPlusOne = table[2 * slot + 1];
                    if (groupPlusOne == 0) {
                        int group = -1;
                        if (insert) {
                            group = groupCount;
                            if (group == stored.capacity()) {
                                stored.ensureCapacity(group + 1);
                            }
                            stored.values()[group] = value;
                            if (stored.mayHaveNulls()) {
                                stored.nulls()[group] = false;
                            }
                            recordHash(group, hashes[row]);
                            groupCount++;
                            table[2 * slot] = value;
                            table[2 * slot + 1] = group + 1;
                        }
                        groupIds[row] = group;
                        break;
                    }
                    if (table[2 * slot] == value) {
                        groupIds[row] = (int) groupPlusOne - 1;
                        break;
                    }
                    slot = (slot + 1) & mask;
                }
            }
        }
    }

    /**
     * The group of the NULL key of a single-key table (kept outside the slots, which only hold non-NULL keys in the
     * single-key layouts), created on first use when inserting; -1 if absent.
     */
    private int nullGroup(Column input, int row, long hash, boolean insert) {
        if (nullGroup < 0 && insert) {
            nullGroup = addGroup(new Column[] {input}, row, hash);
        }
        return nullGroup;
    }

    private int addGroup(Column[] keyColumns, int row, long hash) {
        int group = groupCount;
        for (int key = 0; key < keys.length; key++) {
            keys[key].ensureCapacity(group + 1);
            keys[key].copyRow(group, keyColumns[key], row);
        }
        recordHash(group, hash);
        groupCount++;
        return group;
    }

    /** {@code matches[c] &= stored[candidateGroups[c]] equals input[candidates[c]]}, NULL equal to NULL. */
    private static void compareKeys(Column stored, Column input, int count, Scratch scratch) {
        int[] candidates = scratch.candidates;
        int[] candidateGroups = scratch.candidateGroups;
        boolean[] matches = scratch.matches;
        boolean nullable = stored.mayHaveNulls() || input.mayHaveNulls();
        if (nullable) {
            for (int c = 0; c < count; c++) {
                int group = candidateGroups[c];
                int row = candidates[c];
                boolean storedNull = stored.isNull(group);
                boolean inputNull = input.isNull(row);
                if (storedNull || inputNull) {
                    matches[c] &= storedNull == inputNull;
                } else if (matches[c]) {
                    matches[c] = stored.valueEquals(group, input, row);
                }
            }
            return;
        }
        switch (stored) {
            case IntColumn ints -> {
                int[] storedValues = ints.values();
                int[] inputValues = ((IntColumn) input).values();
                for (int c = 0; c < count; c++) {
                    matches[c] &= storedValues[candidateGroups[c]] == inputValues[candidates[c]];
                }
            }
            case LongColumn longs -> {
                long[] storedValues = longs.values();
                long[] inputValues = ((LongColumn) input).values();
                for (int c = 0; c < count; c++) {
                    matches[c] &= storedValues[candidateGroups[c]] == inputValues[candidates[c]];
                }
            }
            case DecimalColumn decimals when !decimals.hasWide() && !((DecimalColumn) input).hasWide() -> {
                long[] storedValues = decimals.values();
                long[] inputValues = ((DecimalColumn) input).values();
                for (int c = 0; c < count; c++) {
                    matches[c] &= storedValues[candidateGroups[c]] == inputValues[candidates[c]];
                }
            }
            case VarcharColumn strings -> {
                VarcharColumn other = (VarcharColumn) input;
                byte[] storedData = strings.data();
                byte[] inputData = other.data();
                for (int c = 0; c < count; c++) {
                    if (matches[c]) {
                        int group = candidateGroups[c];
                        int row = candidates[c];
                        matches[c] = Arrays.equals(storedData, strings.start(group), strings.end(group), inputData,
                                other.start(row), other.end(row));
                    }
                }
            }
            case DoubleColumn ignored -> genericCompare(stored, input, count, scratch);
            case BooleanColumn ignored -> genericCompare(stored, input, count, scratch);
            case DecimalColumn ignored -> genericCompare(stored, input, count, scratch);
        }
    }

    private static void genericCompare(Column stored, Column input, int count, Scratch scratch) {
        int[] candidates = scratch.candidates;
        int[] candidateGroups = scratch.candidateGroups;
        boolean[] matches = scratch.matches;
        for (int c = 0; c < count; c++) {
            if (matches[c]) {
                matches[c] = stored.valueEquals(candidateGroups[c], input, candidates[c]);
            }
        }
    }
}
