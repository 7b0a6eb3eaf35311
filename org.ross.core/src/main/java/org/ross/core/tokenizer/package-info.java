/**
 * The Image Tokenizer: a KL-regularised VAE whose posterior latents are ROSS's reconstruction
 * targets (DESIGN.md section 4, step 6).
 *
 * <p>Symbols, as in LDM (Rombach et al. 2022) and the ROSS paper:
 * <table>
 *   <caption>names in the code and what they stand for</caption>
 *   <tr><th>code</th><th>symbol</th><th>meaning</th></tr>
 *   <tr><td>{@code x}</td><td>x</td><td>image (B, C, S, S), pixels in [-1, 1]</td></tr>
 *   <tr><td>{@code f}, {@code downsampling}</td><td>f</td><td>spatial factor from image to latent grid</td></tr>
 *   <tr><td>{@code mean}, {@code logvar}</td><td>mu, log sigma^2</td><td>posterior q(z|x), each (B, C_z, S/f, S/f)</td></tr>
 *   <tr><td>{@code eps}</td><td>epsilon</td><td>standard normal noise of the reparameterisation</td></tr>
 *   <tr><td>{@code z}</td><td>z = mu + sigma * eps</td><td>posterior sample, decoded during training</td></tr>
 *   <tr><td>{@code xHat}</td><td>x&#770;</td><td>reconstruction D(z)</td></tr>
 *   <tr><td>{@code kl}</td><td>KL(q || N(0, I))</td><td>0.5 * sum(mu^2 + sigma^2 - 1 - log sigma^2) per image</td></tr>
 *   <tr><td>{@code beta}</td><td>kl_weight</td><td>weight of the KL term against the summed squared error</td></tr>
 *   <tr><td>{@code shift}, {@code scale}</td><td>scale_factor</td><td>per-channel normalisation of z to unit variance ({@link org.ross.core.tokenizer.LatentStats})</td></tr>
 * </table>
 */
package org.ross.core.tokenizer;
