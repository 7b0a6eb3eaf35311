/**
 * Tables between nodes: Arrow IPC files (DESIGN.md section 3). {@link org.ross.core.table.TableWriter}
 * streams rows into record batches and commits atomically; {@link org.ross.core.table.TableReader}
 * reads them back one batch at a time. Column types live in the field metadata {@code ross.type}
 * (latents also {@code ross.shape}); files from other Arrow clients without it are typed by their
 * Arrow types. Memory comes from {@link org.ross.core.table.Allocators}: a root pinned to the
 * unsafe allocation manager and one named child per node execution.
 */
package org.ross.core.table;
