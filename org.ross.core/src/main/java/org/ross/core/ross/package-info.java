/**
 * The ROSS model (Reconstructive Visual Instruction Tuning, Wang et al. 2024, arXiv 2410.09575):
 * {@link org.ross.core.ross.RossConfig}, {@link org.ross.core.ross.RossModel} and its visual
 * objective {@link org.ross.core.ross.ReconstructiveLoss}; batches for the trainer.
 *
 * <p>Symbols (see also {@link org.ross.core.diffusion}):
 * <table>
 * <caption>names in code and their meaning</caption>
 * <tr><th>code</th><th>paper</th><th>meaning</th></tr>
 * <tr><td>{@code N}</td><td>N</td><td>image tokens, {@code (S / p)^2}</td></tr>
 * <tr><td>{@code hImage}</td><td>x<sub>i&le;N</sub> before LN</td><td>the LM's final normed hidden states at the image positions (B, N, D)</td></tr>
 * <tr><td>{@code xVisual}</td><td>LN(x<sub>i&le;N</sub>)</td><td>the denoiser's condition: {@code hImage} layer-normed without affine</td></tr>
 * <tr><td>{@code z0}</td><td>z<sub>0</sub></td><td>{@code fold((mu + exp(logvar / 2) eps - shift) * scale)}, the target tokens (B, N, C')</td></tr>
 * <tr><td>{@code L_text}</td><td>L<sub>LMM</sub></td><td>next-token cross-entropy on answer tokens</td></tr>
 * <tr><td>{@code L_visual}</td><td>L<sub>visual</sub></td><td>ROSS-D eps-MSE over {@code draws} (t, eps) per image; ROSS-R MSE to z0</td></tr>
 * <tr><td>{@code lambda}</td><td></td><td>{@code L = L_text + lambda * L_visual}</td></tr>
 * </table>
 */
package org.ross.core.ross;
