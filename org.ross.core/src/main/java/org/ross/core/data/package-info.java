/**
 * Data sets into tables and tables out to plain files. Each importer states its output columns
 * with a static or instance {@code spec()} that does no work (for a node's configure step) and
 * streams rows through a {@link org.ross.core.table.TableWriter} in {@code write(target, allocator,
 * monitor)}: Sort-of-CLEVR (generated, DESIGN.md section 6), Fashion-MNIST (IDX files), a folder of
 * images with optional CSV/JSONL questions, LLaVA-style conversation JSON. {@link
 * org.ross.core.data.TableExporter} writes CSV or JSON Lines with image files beside them.
 */
package org.ross.core.data;
