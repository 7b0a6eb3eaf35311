package org.ross.core.table;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.unsafe.UnsafeAllocationManager;

/**
 * Where Arrow memory comes from. The root allocator is pinned to the unsafe allocation manager
 * (DESIGN.md section 3: KNIME ships its own Netty, and the Netty allocator breaks across Netty
 * versions). Each node execution takes one named child of it and closes that child when done, so a
 * leaked buffer shows up as an error naming the child instead of as slow native growth.
 */
public final class Allocators {

    private Allocators() {
    }

    /** A root allocator without a limit; the caller owns it and closes it last. */
    public static BufferAllocator newRoot() {
        return newRoot(Long.MAX_VALUE);
    }

    /** A root allocator that refuses to hand out more than {@code limitBytes} at once. */
    public static BufferAllocator newRoot(long limitBytes) {
        if (limitBytes <= 0) {
            throw new IllegalArgumentException("allocator limit must be positive, found " + limitBytes);
        }
        return new RootAllocator(RootAllocator.configBuilder()
                .allocationManagerFactory(UnsafeAllocationManager.FACTORY)
                .maxAllocation(limitBytes)
                .build());
    }

    /**
     * A child of {@code parent} named {@code name} (shown in leak reports), without its own limit.
     * The caller owns it and must close it before {@code parent}.
     */
    public static BufferAllocator child(BufferAllocator parent, String name) {
        return parent.newChildAllocator(name, 0, Long.MAX_VALUE);
    }
}
