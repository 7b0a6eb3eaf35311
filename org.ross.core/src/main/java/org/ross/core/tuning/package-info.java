/**
 * The Reconstructive Tuner's engine: {@link org.ross.core.tuning.TuningJob} reads a QA table once
 * (distinct images, texts, latent posteriors), validates it before any training, derives the latent
 * statistics, vocabulary and a validation split by image, runs the
 * {@link org.ross.core.train.Trainer} and writes the model directory and the training log.
 */
package org.ross.core.tuning;
