package io.proteus.executor.operator.hash;

import io.proteus.executor.column.BooleanColumn;
import io.proteus.executor.column.Column;
import io.proteus.executor.column.DecimalColumn;
import io.proteus.executor.column.DoubleColumn;
import io.proteus.executor.column.IntColumn;
import io.proteus.executor.column.LongColumn;
import io.proteus.executor.column.VarcharColumn;
import io.proteus.executor.operator.RowHashing;
import io.proteus.executor.type.DataType;
import java.util.Arrays;
import java.util.List;

/**
 * An open-addressing hash table mapping distinct key tuples to dense group ids (0, 1, 2, ... in order of first
 * appearance). Keys are stored column-wise in {@link Column}s; the table holds group ids in a primitive array probed
 * linearly from the high bits of the row hash ({@link RowHashing}). Probing is vectorised: a batch's rows walk the table
 * together, candidate groups are confirmed by comparing whole key columns with type-specialised loops, and rows that
 * collide move on to the next slot in the next round. NULL keys equal each other (one NULL group); callers that need
 * SQL join semantics skip NULL keys themselves.
 */
public final class GroupHashTable {

    private static final int INITIAL_CAPACITY = 1024;

    private final Column[] keys;
    private long[] groupHashes = new long[64];
    private int groupCount;
    private int nullGroup = -1;
    private int[] slots;
    /**
     * For one INTEGER/DATE key: each slot packs the key (high 32 bits) with the group id plus one (low 32 bits; 0 means
     * empty), so a probe touches one cache line instead of two. The NULL group is kept outside the slots.
     */
    private long[] packedSlots;
    private final boolean packedIntKey;
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

        long retainedBytes() {
            return pending.length * 24L + slotOf.length * 4L + entries.length * 12L;
        }
    }

    public GroupHashTable(List<DataType> keyTypes) {
        keys = new Column[keyTypes.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Column.create(keyTypes.get(i), 64);
        }
        packedIntKey = keys.length == 1 && keys[0] instanceof IntColumn;
        allocateSlots(INITIAL_CAPACITY);
    }

    private void allocateSlots(int capacity) {
        if (packedIntKey) {
            packedSlots = new long[capacity];
            slots = new int[0];
        } else {
            slots = new int[capacity];
        }
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    private int slotCount() {
        return packedIntKey ? packedSlots.length : slots.length;
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
        long bytes = slots.length * 4L + (packedSlots == null ? 0 : packedSlots.length * 8L) + groupHashes.length * 8L
                + ownScratch.retainedBytes();
        for (Column key : keys) {
            bytes += key.retainedBytes();
        }
        return bytes;
    }

    private int slotFor(long hash) {
        return (int) (hash >>> shift) & mask;
    }

    private void ensureRoom(int additional) {
        long needed = (long) groupCount + additional;
        if (needed * 2 <= slotCount()) {
            return;
        }
        int capacity = slotCount();
        while ((long) capacity < needed * 2) {
            capacity <<= 1;
        }
        if (capacity > (1 << 30)) {
            throw new IllegalStateException("hash table exceeds 2^29 groups");
        }
        allocateSlots(capacity);
        if (packedIntKey) {
            int[] values = ((IntColumn) keys[0]).values();
            for (int group = 0; group < groupCount; group++) {
                if (group == nullGroup) {
                    continue;
                }
                int slot = slotFor(groupHashes[group]);
                while (packedSlots[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                packedSlots[slot] = pack(values[group], group);
            }
            return;
        }
        for (int group = 0; group < groupCount; group++) {
            int slot = slotFor(groupHashes[group]);
            while (slots[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot] = group + 1;
        }
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
        if (keys.length == 1) {
            if (keys[0] instanceof IntColumn stored && keyColumns[0] instanceof IntColumn input) {
                probeInts(stored, input, hashes, selection, count, groupIds, insert, scratch);
                return;
            }
            if (packedIntKey) {
                throw new IllegalArgumentException("an INTEGER key table probed with " + keyColumns[0].type());
            }
            if (keys[0] instanceof LongColumn stored && keyColumns[0] instanceof LongColumn input) {
                probeLongs(stored, input, hashes, selection, count, groupIds, insert);
                return;
            }
        }
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
        while (currentCount > 0) {
            int candidateCount = 0;
            int followingCount = 0;
            for (int k = 0; k < currentCount; k++) {
                int row = current[k];
                int slot = slotOf[row];
                int group = slots[slot] - 1;
                if (group < 0) {
                    if (insert) {
                        group = addGroup(keyColumns, row, hashes[row]);
                        slots[slot] = group + 1;
                    }
                    groupIds[row] = group;
                } else if (groupHashes[group] == hashes[row]) {
                    candidates[candidateCount] = row;
                    candidateGroups[candidateCount++] = group;
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

    /** Row-at-a-time probing for one non-NULL INTEGER/DATE key: compares values inline, no candidate rounds. */
    private static long pack(int value, int group) {
        return ((long) value << 32) | ((group + 1) & 0xFFFFFFFFL);
    }

    private void probeInts(IntColumn stored, IntColumn input, long[] hashes, int[] selection, int count, int[] groupIds,
            boolean insert, Scratch scratch) {
        int[] values = input.values();
        boolean inputNulls = input.mayHaveNulls();
        boolean[] nulls = input.nulls();
        long[] table = packedSlots;
        scratch.ensureEntries(count);
        long[] entries = scratch.entries;
        int[] entrySlots = scratch.entrySlots;
        // Pass 1: independent loads of every row's home slot, so the CPU overlaps the cache misses.
        for (int k = 0; k < count; k++) {
            int row = selection == null ? k : selection[k];
            int slot = slotFor(hashes[row]);
            entrySlots[k] = slot;
            entries[k] = table[slot];
        }
        // Pass 2: rows whose home slot held their key are done; others probe (and insert) one by one.
        for (int k = 0; k < count; k++) {
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
                        if (group == groupHashes.length) {
                            groupHashes = Arrays.copyOf(groupHashes, group * 2);
                        }
                        stored.values()[group] = value;
                        if (stored.mayHaveNulls()) {
                            stored.nulls()[group] = false;
                        }
                        groupHashes[group] = hashes[row];
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

    /** Row-at-a-time probing for one non-NULL BIGINT key. */
    private void probeLongs(LongColumn stored, LongColumn input, long[] hashes, int[] selection, int count, int[] groupIds,
            boolean insert) {
        long[] storedValues = stored.values();
        long[] values = input.values();
        boolean inputNulls = input.mayHaveNulls();
        boolean[] nulls = input.nulls();
        for (int k = 0; k < count; k++) {
            int row = selection == null ? k : selection[k];
            if (inputNulls && nulls[row]) {
                groupIds[row] = nullGroup(input, row, hashes[row], insert);
                storedValues = stored.values();
                continue;
            }
            long value = values[row];
            long hash = hashes[row];
            int slot = slotFor(hash);
            while (true) {
                int group = slots[slot] - 1;
                if (group < 0) {
                    if (insert) {
                        group = groupCount;
                        if (group == storedValues.length || group == groupHashes.length) {
                            stored.ensureCapacity(group + 1);
                            storedValues = stored.values();
                            if (group == groupHashes.length) {
                                groupHashes = Arrays.copyOf(groupHashes, group * 2);
                            }
                        }
                        storedValues[group] = value;
                        if (stored.mayHaveNulls()) {
                            stored.nulls()[group] = false;
                        }
                        groupHashes[group] = hash;
                        groupCount++;
                        slots[slot] = group + 1;
                    }
                    groupIds[row] = group;
                    break;
                }
                if (storedValues[group] == value && !stored.isNull(group)) {
                    groupIds[row] = group;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
    }

    /**
     * The group of the NULL key of a single-key table (kept outside the slots, which only hold non-NULL keys in the
     * single-key paths), created on first use when inserting; -1 if absent.
     */
    private int nullGroup(Column input, int row, long hash, boolean insert) {
        if (nullGroup < 0 && insert) {
            nullGroup = addGroup(new Column[] {input}, row, hash);
        }
        return nullGroup;
    }

    private int addGroup(Column[] keyColumns, int row, long hash) {
        int group = groupCount;
        if (group == groupHashes.length) {
            groupHashes = Arrays.copyOf(groupHashes, group * 2);
        }
        for (int key = 0; key < keys.length; key++) {
            keys[key].ensureCapacity(group + 1);
            keys[key].copyRow(group, keyColumns[key], row);
        }
        groupHashes[group] = hash;
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
