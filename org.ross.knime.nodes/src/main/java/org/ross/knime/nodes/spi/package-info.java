/**
 * The node SPI: what a ROSS node implements so that the same code runs in the headless runtime
 * and, through a thin binding, in KNIME. It mirrors KNIME's NodeModel life cycle:
 *
 * <ol>
 *   <li>{@link org.ross.knime.nodes.spi.Settings#parse} validates raw settings against the
 *       node's {@link org.ross.knime.nodes.spi.SettingDescription}s;</li>
 *   <li>{@link org.ross.knime.nodes.spi.RossNode#configure} checks input
 *       {@link org.ross.knime.nodes.spi.PortSpec}s and promises output specs, before any node
 *       runs;</li>
 *   <li>{@link org.ross.knime.nodes.spi.RossNode#execute} reads input
 *       {@link org.ross.knime.nodes.spi.PortObject}s (files on disk) and writes its outputs where
 *       the {@link org.ross.knime.nodes.spi.ExecutionContext} says.</li>
 * </ol>
 *
 * Nothing here depends on KNIME or OSGi; the engine ({@code org.ross.core}) never sees these types.
 */
package org.ross.knime.nodes.spi;
