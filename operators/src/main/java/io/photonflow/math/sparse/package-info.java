/**
 * Sparse matrices for graph layers: compressed sparse row storage with deterministic products
 * against dense ND4J arrays, and the normalized adjacency of graph convolutions.
 */
package io.photonflow.math.sparse;
