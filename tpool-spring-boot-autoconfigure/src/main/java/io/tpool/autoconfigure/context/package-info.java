/**
 * Carries a caller's thread-bound state (transaction, MDC, request and locale) to the
 * pool thread that runs its offloaded call, and what the call changed back to the caller.
 */
@NullMarked
package io.tpool.autoconfigure.context;

import org.jspecify.annotations.NullMarked;
