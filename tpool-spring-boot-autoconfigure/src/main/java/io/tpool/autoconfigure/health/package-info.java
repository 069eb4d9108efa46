/**
 * The health indicator of the tpool pool.
 */
@NullMarked
package io.tpool.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
