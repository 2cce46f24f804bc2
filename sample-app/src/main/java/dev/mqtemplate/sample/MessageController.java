package dev.mqtemplate.sample;

import dev.mqtemplate.client.MQMessage;
import dev.mqtemplate.client.MQTemplate;
import dev.mqtemplate.client.SendResult;
import dev.mqtemplate.client.error.MQBrokerRejectedException;
import dev.mqtemplate.client.error.MQException;
import dev.mqtemplate.client.error.MQOutcomeUnknownException;
import dev.mqtemplate.client.error.MQValidationException;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /messages} sends one message and answers with the send result as JSON.
 */
@RestController
class MessageController {

    private final MQTemplate template;

    MessageController(MQTemplate template) {
        this.template = template;
    }

    @PostMapping("/messages")
    SendResponse send(@RequestBody MessageRequest request) {
        MQMessage.Builder message = MQMessage.builder(request.topic()).tags(request.tags()).body(request.body());
        if (request.keys() != null) {
            message.keys(request.keys());
        }
        return SendResponse.of(template.send(message.build()));
    }

    @ExceptionHandler(MQValidationException.class)
    ProblemDetail invalid(MQValidationException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid message", e);
    }

    @ExceptionHandler(MQBrokerRejectedException.class)
    ProblemDetail rejected(MQBrokerRejectedException e) {
        return problem(HttpStatus.BAD_GATEWAY, "rejected by the broker", e);
    }

    @ExceptionHandler(MQOutcomeUnknownException.class)
    ProblemDetail unknown(MQOutcomeUnknownException e) {
        ProblemDetail problem = problem(HttpStatus.GATEWAY_TIMEOUT, "outcome unknown", e);
        problem.setProperty("msgId", e.messageId());
        return problem;
    }

    @ExceptionHandler(MQException.class)
    ProblemDetail notSent(MQException e) {
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "not sent", e);
    }

    private static ProblemDetail problem(HttpStatus status, String title, MQException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setTitle(title);
        problem.setProperty("mayHaveBeenStored", e.mayHaveBeenStored());
        return problem;
    }

    /** The JSON a client posts. */
    record MessageRequest(String topic, String tags, List<String> keys, String body) {
    }

    /** The JSON answered for a stored message. */
    record SendResponse(String status, String msgId, String offsetMsgId, String topic, String brokerName, int queueId,
            long queueOffset) {

        static SendResponse of(SendResult result) {
            return new SendResponse(result.status().name(), result.msgId(), result.offsetMsgId(),
                    result.queue().topic(), result.queue().brokerName(), result.queue().queueId(),
                    result.queueOffset());
        }
    }
}
