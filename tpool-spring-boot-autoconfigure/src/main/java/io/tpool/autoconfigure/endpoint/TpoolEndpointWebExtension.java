package io.tpool.autoconfigure.endpoint;

import io.tpool.InvalidSettingException;
import io.tpool.Tpool;
import io.tpool.autoconfigure.endpoint.TpoolEndpoint.PoolDescriptor;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The {@code tpool} endpoint's write operation on the web: {@code POST
 * /actuator/tpool/{name}} with {@code {"size": N}} resizes that pool live and answers its
 * new state; a size out of range answers 400 and an unknown pool 404, each with a JSON
 * body that says why.
 *
 * @since 0.2.0
 */
@EndpointWebExtension(endpoint = TpoolEndpoint.class)
public class TpoolEndpointWebExtension {

	private final TpoolEndpoint endpoint;

	public TpoolEndpointWebExtension(TpoolEndpoint endpoint) {
		this.endpoint = endpoint;
	}

	@WriteOperation
	public WebEndpointResponse<OperationResponseBody> resize(@Selector String name, int size) {
		Tpool pool = this.endpoint.find(name);
		if (pool == null) {
			return new WebEndpointResponse<>(new ResizeRefused(name, size, this.endpoint.unknownPool(name)),
					WebEndpointResponse.STATUS_NOT_FOUND);
		}
		try {
			pool.resize(size);
		}
		catch (InvalidSettingException ex) {
			return new WebEndpointResponse<>(new ResizeRefused(name, size, TpoolEndpoint.invalidSize(ex)),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return new WebEndpointResponse<>(PoolDescriptor.of(pool), WebEndpointResponse.STATUS_OK);
	}

	/**
	 * Why a pool was not resized.
	 *
	 * @param pool the pool's name, as asked for
	 * @param size the size asked for
	 * @param message why it was not resized
	 */
	public record ResizeRefused(String pool, int size, String message) implements OperationResponseBody {

	}

}
