/**
 * Auto-configuration of the tpool pool and of the offloading of {@code @Offload} beans.
 */
@NullMarked
package io.tpool.autoconfigure;

import org.jspecify.annotations.NullMarked;
