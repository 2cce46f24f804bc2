package dev.mqtemplate.sample;

import dev.mqtemplate.client.SendResult;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} places an order with a transactional event ({@link OrderService}); {@code "declined": true}
 * rolls it back, and its event is never delivered.
 */
@RestController
class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    @PostMapping("/orders")
    Map<String, String> place(@RequestBody OrderRequest request) {
        SendResult event = orders.place(request.id(), request.item(), Boolean.TRUE.equals(request.declined()));
        return Map.of("orderId", request.id(), "msgId", event.msgId(), "status", "committed");
    }

    @ExceptionHandler(OrderService.OrderDeclinedException.class)
    ProblemDetail declined(OrderService.OrderDeclinedException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("order declined");
        problem.setProperty("msgId", e.msgId);
        return problem;
    }

    /** {@code declined} may be left out: a boxed Boolean, since Jackson 3 refuses a missing primitive. */
    record OrderRequest(String id, String item, Boolean declined) {
    }
}
