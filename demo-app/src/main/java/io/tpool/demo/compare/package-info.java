/**
 * The {@code --compare} command: direct versus offloaded native calls, measured.
 */
@NullMarked
package io.tpool.demo.compare;

import org.jspecify.annotations.NullMarked;
