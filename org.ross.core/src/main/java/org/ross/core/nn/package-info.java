/**
 * Small neural-network pieces written as plain NDArray operations over named
 * {@link org.ross.core.nn.Parameter}s, so that every model owns its weights in one
 * {@link org.ross.core.nn.ParameterSet} and initialises them from a seeded Java RNG.
 */
package org.ross.core.nn;
