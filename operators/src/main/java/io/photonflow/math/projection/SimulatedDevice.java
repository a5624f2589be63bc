package io.photonflow.math.projection;

/**
 * A projection that simulates a physical co-processor and accounts for what the hardware would have
 * spent, next to the CPU time the simulation itself takes.
 */
public interface SimulatedDevice {

    /** Device frames (exposures) taken for projections since construction. */
    long frames();

    /** Simulated device time since construction, in seconds. */
    double deviceSeconds();

    /** Simulated device energy since construction, in joules. */
    double energyJoules();
}
