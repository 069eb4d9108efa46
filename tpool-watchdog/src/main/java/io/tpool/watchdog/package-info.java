/**
 * The carrier engine: samples the virtual thread scheduler and its carriers, tells a
 * virtual thread that holds its carrier from carriers saturated by short work, names the
 * application code that holds them, and compensates held carriers with extra ones.
 */
@NullMarked
package io.tpool.watchdog;

import org.jspecify.annotations.NullMarked;
