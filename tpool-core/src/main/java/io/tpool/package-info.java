/**
 * The tpool core: a bounded pool of platform threads that runs calls which would hold a
 * virtual thread's carrier, in plain Java.
 */
@NullMarked
package io.tpool;

import org.jspecify.annotations.NullMarked;
