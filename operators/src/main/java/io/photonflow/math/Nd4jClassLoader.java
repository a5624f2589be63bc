package io.photonflow.math;

import org.nd4j.common.config.ND4JClassLoading;

/**
 * Keeps ND4J's service lookups on a class loader that lives as long as ND4J does. ND4J remembers
 * the thread's context class loader of its first use and loads services (compressors, backends)
 * through it whenever one of its classes first initializes. On a Flink cluster ND4J sits in {@code
 * lib/}, loaded once per TaskManager, while that first context loader is the job's user-code
 * loader, which Flink closes when the job's tasks leave the TaskManager: after a failover an ND4J
 * class used there for the first time failed with "Trying to access closed classloader", and the
 * job restarted until it gave up (the classifier's bias addition, once its layer moved to a
 * surviving TaskManager).
 */
public final class Nd4jClassLoader {

    private Nd4jClassLoader() {}

    /** Points ND4J's lookups at the class loader that loaded ND4J itself. */
    public static void pin() {
        ClassLoader own = ND4JClassLoading.class.getClassLoader();
        if (ND4JClassLoading.getNd4jClassloader() != own) {
            ND4JClassLoading.setNd4jClassloader(own);
        }
    }
}
