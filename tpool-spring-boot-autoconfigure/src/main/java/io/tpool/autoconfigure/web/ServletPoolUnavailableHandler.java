package io.tpool.autoconfigure.web;

import io.tpool.TpoolRejectedException;
import io.tpool.TpoolTimeoutException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Answers {@code 503} to a deadline or a refusal that escapes a Spring MVC handler. The
 * lowest precedence, so that the application's own {@code @ExceptionHandler} methods and
 * {@code @ControllerAdvice} beans win.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class ServletPoolUnavailableHandler {

	private final PoolUnavailableLog log;

	ServletPoolUnavailableHandler(PoolUnavailableLog log) {
		this.log = log;
	}

	/**
	 * Answers a deadline or a refusal; Spring MVC also calls it for an exception that has
	 * one among its causes, and rethrowing that exception leaves it to the application's
	 * error handling as if this method had not matched.
	 * @param ex what escaped the handler
	 * @param request the request
	 * @return the 503 answer
	 * @throws Exception {@code ex}, if it is an application's exception
	 */
	@ExceptionHandler({ TpoolTimeoutException.class, TpoolRejectedException.class })
	ResponseEntity<ProblemDetail> handle(Exception ex, HttpServletRequest request) throws Exception {
		PoolUnavailable unavailable = PoolUnavailable.of(ex);
		if (unavailable == null) {
			throw ex;
		}
		this.log.log(unavailable, request.getMethod() + " " + request.getRequestURI());
		return unavailable.response();
	}

}
