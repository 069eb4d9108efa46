/**
 * Auto-configuration of the tpool pools, their lookup by name, and of the offloading of
 * {@code @Offload} beans.
 */
@NullMarked
package io.tpool.autoconfigure;

import org.jspecify.annotations.NullMarked;
