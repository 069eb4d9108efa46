/**
 * The Spring AOP advice that runs {@code @Offload} beans and configured beans on a tpool.
 */
@NullMarked
package io.tpool.autoconfigure.offload;

import org.jspecify.annotations.NullMarked;
