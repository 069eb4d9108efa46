package io.tpool.autoconfigure.web;

import io.tpool.TpoolRejectedException;
import io.tpool.TpoolTimeoutException;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Answers {@code 503} to a deadline or a refusal that escapes a WebFlux handler, or ends
 * the publisher it returned. The lowest precedence, so that the application's own
 * {@code @ExceptionHandler} methods and {@code @ControllerAdvice} beans win.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ReactivePoolUnavailableHandler {

	private final PoolUnavailableLog log;

	ReactivePoolUnavailableHandler(PoolUnavailableLog log) {
		this.log = log;
	}

	/**
	 * Answers a deadline or a refusal; WebFlux also calls it for an exception that has
	 * one among its causes, and rethrowing that exception leaves it to the application's
	 * error handling as if this method had not matched.
	 * @param ex what escaped the handler
	 * @param request the request
	 * @return the 503 answer
	 * @throws Exception {@code ex}, if it is an application's exception
	 */
	@ExceptionHandler({ TpoolTimeoutException.class, TpoolRejectedException.class })
	ResponseEntity<ProblemDetail> handle(Exception ex, ServerHttpRequest request) throws Exception {
		PoolUnavailable unavailable = PoolUnavailable.of(ex);
		if (unavailable == null) {
			throw ex;
		}
		this.log.log(unavailable, request.getMethod() + " " + request.getPath().value());
		return unavailable.response();
	}

}
