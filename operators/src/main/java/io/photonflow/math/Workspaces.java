package io.photonflow.math;

import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Memory scopes for ND4J arrays. A training step creates dozens of temporary arrays; allocating
 * fresh native memory for each costs more than the arithmetic (every new page faults), so steps run
 * in a per-thread workspace whose memory is recycled from one step to the next. Arrays made inside
 * a step are invalid after it: results leave as float arrays, or are copied into arrays made with
 * {@link #detached}.
 */
public final class Workspaces {

    private static final WorkspaceConfiguration STEP =
            WorkspaceConfiguration.builder()
                    .initialSize(0)
                    .policyLearning(LearningPolicy.FIRST_LOOP)
                    .policyAllocation(AllocationPolicy.STRICT)
                    .policySpill(SpillPolicy.REALLOCATE)
                    .build();

    private Workspaces() {}

    /** Runs {@code work} in the calling thread's workspace named {@code id}. */
    public static <T> T step(String id, Supplier<T> work) {
        try (MemoryWorkspace workspace =
                Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP, id)) {
            return work.get();
        }
    }

    /** Runs {@code work} in the calling thread's workspace named {@code id}. */
    public static void step(String id, Runnable work) {
        try (MemoryWorkspace workspace =
                Nd4j.getWorkspaceManager().getAndActivateWorkspace(STEP, id)) {
            work.run();
        }
    }

    /** Creates arrays that outlive any step, even when called inside one. */
    public static <T> T detached(Supplier<T> allocation) {
        try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return allocation.get();
        }
    }
}
