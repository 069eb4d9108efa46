/**
 * Micrometer meters of the tpool pool.
 */
@NullMarked
package io.tpool.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
