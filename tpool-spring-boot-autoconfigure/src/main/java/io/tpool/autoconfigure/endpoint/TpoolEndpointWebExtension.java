package io.tpool.autoconfigure.endpoint;

import java.math.BigDecimal;

import io.tpool.InvalidSettingException;
import io.tpool.Tpool;
import io.tpool.autoconfigure.endpoint.TpoolEndpoint.PoolDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code tpool} endpoint's write operation on the web: {@code POST
 * /actuator/tpool/{name}} with {@code {"size": N}} resizes that pool live and answers its
 * new state; a size that is not a whole number or is out of range answers 400 and an
 * unknown pool 404, each with a JSON body that says why.
 *
 * @since 0.2.0
 */
@EndpointWebExtension(endpoint = TpoolEndpoint.class)
public class TpoolEndpointWebExtension {

	private final TpoolEndpoint endpoint;

	public TpoolEndpointWebExtension(TpoolEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Resizes a pool live.
	 * @param name the pool's name
	 * @param size its new size, as the request's JSON gave it (actuator hands every value
	 * of the body over as text): a whole number, taken as such rather than rounded, as
	 * actuator's conversion to an {@code int} would do
	 * @return the pool's state, or why it was not resized
	 * @since 0.2.0
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResponseBody> resize(@Selector String name, String size) {
		Tpool pool = this.endpoint.find(name);
		BigDecimal number = number(size);
		Object asGiven = (number != null) ? number : size;
		if (pool == null) {
			return new WebEndpointResponse<>(new ResizeRefused(name, asGiven, this.endpoint.unknownPool(name)),
					WebEndpointResponse.STATUS_NOT_FOUND);
		}
		if (number == null || (number.signum() != 0 && number.stripTrailingZeros().scale() > 0)) {
			return badRequest(name, asGiven, "The size must be a whole number, but was " + size);
		}
		try {
			// A size beyond an int is refused as the nearest int is: the pool's range
			// has one owner.
			pool.resize(clamp(number));
		}
		catch (InvalidSettingException ex) {
			return badRequest(name, asGiven, "The size " + ex.getRequirement() + ", but was " + size);
		}
		return new WebEndpointResponse<>(PoolDescriptor.of(pool), WebEndpointResponse.STATUS_OK);
	}

	private static WebEndpointResponse<OperationResponseBody> badRequest(String name, Object size, String message) {
		return new WebEndpointResponse<>(new ResizeRefused(name, size, message),
				WebEndpointResponse.STATUS_BAD_REQUEST);
	}

	private static @Nullable BigDecimal number(String text) {
		try {
			return new BigDecimal(text.strip());
		}
		catch (NumberFormatException ex) {
			// abc, true, NaN, Infinity
			return null;
		}
	}

	private static int clamp(BigDecimal whole) {
		return whole.max(BigDecimal.valueOf(Integer.MIN_VALUE))
			.min(BigDecimal.valueOf(Integer.MAX_VALUE))
			.intValueExact();
	}

	/**
	 * Why a pool was not resized.
	 *
	 * @param pool the pool's name, as asked for
	 * @param size the size asked for: the number the request gave, or its text if it is
	 * none
	 * @param message why it was not resized
	 */
	public record ResizeRefused(String pool, Object size, String message) implements OperationResponseBody {

	}

}
