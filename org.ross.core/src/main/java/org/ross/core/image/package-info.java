/**
 * Image bytes to model input and back: decode, letterbox to S x S, (C, H, W) floats in [-1, 1],
 * PNG encoding and PSNR. Pure static code without native memory.
 */
package org.ross.core.image;
