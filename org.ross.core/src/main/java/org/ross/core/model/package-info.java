/**
 * Model ports on disk: a directory with {@code model.json} (format, kind, config, preprocessing,
 * provenance) and {@code model.safetensors}, written atomically.
 */
package org.ross.core.model;
