/**
 * The Micrometer meters of tpool pools, as a plain {@code MeterBinder}.
 */
@NullMarked
package io.tpool.metrics;

import org.jspecify.annotations.NullMarked;
