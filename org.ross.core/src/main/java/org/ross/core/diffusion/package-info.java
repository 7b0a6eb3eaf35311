/**
 * Diffusion on latent tokens: the cosine {@link org.ross.core.diffusion.NoiseSchedule}, the
 * {@link org.ross.core.diffusion.ForwardProcess}, the DiT {@link org.ross.core.diffusion.Denoiser}
 * and deterministic {@link org.ross.core.diffusion.DdimSampler DDIM} sampling.
 *
 * <p>Symbols (DDPM, Ho et al. 2020; DiT, Peebles and Xie 2023; ROSS, Wang et al. 2024):
 * <table>
 * <caption>names in code and their meaning</caption>
 * <tr><th>code</th><th>paper</th><th>meaning</th></tr>
 * <tr><td>{@code T}</td><td>T</td><td>number of diffusion timesteps (1000)</td></tr>
 * <tr><td>{@code t}</td><td>t</td><td>timestep, {@code 0 .. T-1}, uniform per draw</td></tr>
 * <tr><td>{@code alphaBar}</td><td>&#x101;<sub>t</sub></td><td>cumulative signal fraction, DDPM eq. 4</td></tr>
 * <tr><td>{@code z0}</td><td>z<sub>0</sub></td><td>clean latent tokens: scaled tokenizer latent, folded onto the token grid</td></tr>
 * <tr><td>{@code eps}</td><td>&#x3b5;</td><td>standard normal noise; the denoiser's target</td></tr>
 * <tr><td>{@code zT}</td><td>z<sub>t</sub></td><td>{@code sqrt(alphaBar_t) z0 + sqrt(1 - alphaBar_t) eps}</td></tr>
 * <tr><td>{@code xVisual}</td><td>x<sub>i&le;N</sub></td><td>ROSS's condition: the LM's outputs at the N image positions, layer-normed</td></tr>
 * <tr><td>{@code c}</td><td>c</td><td>per-token condition {@code t_emb + c_embedder(SiLU(xVisual))}</td></tr>
 * <tr><td>{@code N}, {@code C'}</td><td></td><td>image tokens, latent channels after the space-to-depth fold</td></tr>
 * </table>
 */
package org.ross.core.diffusion;
