/**
 * Graph data for node classification: nodes with sparse features and labels, undirected edges and
 * train/val/test node sets, read from the tab-separated files of the shared Planetoid data sets
 * with errors that name the file, the line and the problem.
 */
package io.photonflow.data.graph;
