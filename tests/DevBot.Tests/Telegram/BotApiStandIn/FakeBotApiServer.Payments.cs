using System.Text;
using System.Text.Json.Nodes;

namespace DevBot.Tests.Telegram.BotApiStandIn;

/// <summary>
/// Payments in Telegram Stars as the Bot API runs them: sendInvoice (XTR: no provider token, exactly one price),
/// the buyer's pre_checkout_query, the bot's answerPreCheckoutQuery, and — only after an ok — the successful_payment
/// message with a fresh telegram_payment_charge_id; refundStarPayment returns a charge once.
/// </summary>
public sealed partial class FakeBotApiServer
{
    private readonly Dictionary<string, (StandInUser User, StandInMessage Invoice)> _checkouts = [];
    private readonly List<PreCheckoutAnswer> _preCheckoutAnswers = [];
    private readonly Dictionary<string, StandInCharge> _charges = [];
    private int _nextCharge = 1;

    public IReadOnlyList<PreCheckoutAnswer> PreCheckoutAnswers
    {
        get
        {
            lock (_gate)
            {
                return [.. _preCheckoutAnswers];
            }
        }
    }

    public IReadOnlyList<StandInCharge> Charges
    {
        get
        {
            lock (_gate)
            {
                return [.. _charges.Values];
            }
        }
    }

    /// <summary>The user presses Pay on an invoice: Telegram asks the bot first (pre_checkout_query). Returns the query id.</summary>
    public string PayInvoice(StandInUser user, StandInMessage invoice)
    {
        var queryId = Guid.NewGuid().ToString("N");
        lock (_gate)
        {
            _checkouts[queryId] = (user, invoice);
        }

        InjectUpdate(new JsonObject
        {
            ["pre_checkout_query"] = new JsonObject
            {
                ["id"] = queryId,
                ["from"] = user.ToJson(),
                ["currency"] = invoice.Invoice!["currency"]!.GetValue<string>(),
                ["total_amount"] = invoice.Invoice["total_amount"]!.GetValue<long>(),
                ["invoice_payload"] = invoice.InvoicePayload,
            },
        });
        return queryId;
    }

    /// <summary>Delivers a successful_payment message for an existing charge again, as a new update (a repeat Telegram might send).</summary>
    public long DeliverPaymentAgain(StandInUser user, string chargeId)
    {
        StandInCharge charge;
        lock (_gate)
        {
            charge = _charges[chargeId];
        }

        return InjectUpdate(SuccessfulPaymentUpdate(user, charge));
    }

    private (int, JsonObject) SendInvoice(JsonObject parameters)
    {
        if (ChatIdOf(parameters) is not { } chatId)
        {
            return Error(400, "Bad Request: chat not found");
        }

        var title = Text(parameters, "title");
        var description = Text(parameters, "description");
        var payload = Text(parameters, "payload");
        var currency = Text(parameters, "currency");
        if (title is not { Length: >= 1 and <= 32 })
        {
            return Error(400, "Bad Request: INVOICE_TITLE_INVALID");
        }

        if (description is not { Length: >= 1 and <= 255 })
        {
            return Error(400, "Bad Request: INVOICE_DESCRIPTION_INVALID");
        }

        if (payload is null || Encoding.UTF8.GetByteCount(payload) is < 1 or > 128)
        {
            return Error(400, "Bad Request: INVOICE_PAYLOAD_INVALID");
        }

        if (parameters["prices"] is not JsonArray { Count: > 0 } prices
            || prices.Any(p => p?["label"] is null || p["amount"] is not JsonValue amount || !amount.TryGetValue<long>(out var value) || value <= 0))
        {
            return Error(400, "Bad Request: CURRENCY_TOTAL_AMOUNT_INVALID");
        }

        if (currency == "XTR")
        {
            // Stars: no payment provider, and exactly one price.
            if (!string.IsNullOrEmpty(Text(parameters, "provider_token")))
            {
                return Error(400, "Bad Request: PAYMENT_PROVIDER_INVALID");
            }

            if (prices.Count != 1)
            {
                return Error(400, "Bad Request: STARS_INVOICE_INVALID");
            }
        }
        else if (string.IsNullOrEmpty(Text(parameters, "provider_token")))
        {
            return Error(400, "Bad Request: PAYMENT_PROVIDER_INVALID");
        }

        var message = new StandInMessage
        {
            MessageId = NextMessageId(),
            ChatId = chatId,
            Invoice = new JsonObject
            {
                ["title"] = title,
                ["description"] = description,
                ["start_parameter"] = "",
                ["currency"] = currency,
                ["total_amount"] = prices.Sum(p => p!["amount"]!.GetValue<long>()),
            },
            InvoicePayload = payload,
        };
        ChatOf(chatId).Add(message);
        return Ok(MessageJson(message));
    }

    private (int, JsonObject) AnswerPreCheckoutQuery(JsonObject parameters)
    {
        var queryId = Text(parameters, "pre_checkout_query_id");
        if (queryId is null || !_checkouts.Remove(queryId, out var checkout))
        {
            return Error(400, "Bad Request: QUERY_ID_INVALID");
        }

        if (parameters["ok"] is not JsonValue okValue || !bool.TryParse(okValue.ToString(), out var ok))
        {
            return Error(400, "Bad Request: parameter \"ok\" is required");
        }

        var errorMessage = Text(parameters, "error_message");
        if (!ok && string.IsNullOrWhiteSpace(errorMessage))
        {
            return Error(400, "Bad Request: ERROR_MESSAGE_EMPTY");
        }

        _preCheckoutAnswers.Add(new PreCheckoutAnswer(queryId, ok, errorMessage));
        if (ok)
        {
            // Telegram takes the Stars and tells the bot.
            var invoice = checkout.Invoice;
            var charge = new StandInCharge($"stxCharge{_nextCharge++:D4}", checkout.User.Id, invoice.Invoice!["currency"]!.GetValue<string>(),
                invoice.Invoice["total_amount"]!.GetValue<long>(), invoice.InvoicePayload!);
            _charges[charge.ChargeId] = charge;
            InjectUpdate(SuccessfulPaymentUpdate(checkout.User, charge));
        }

        return Ok(true);
    }

    private (int, JsonObject) RefundStarPayment(JsonObject parameters)
    {
        var chargeId = Text(parameters, "telegram_payment_charge_id");
        var userId = parameters["user_id"] is JsonValue user && long.TryParse(user.ToString(), out var id) ? id : (long?)null;
        if (chargeId is null || !_charges.TryGetValue(chargeId, out var charge) || charge.UserId != userId)
        {
            return Error(400, "Bad Request: CHARGE_NOT_FOUND");
        }

        if (charge.Refunded)
        {
            return Error(400, "Bad Request: CHARGE_ALREADY_REFUNDED");
        }

        charge.Refunded = true;
        return Ok(true);
    }

    private JsonObject SuccessfulPaymentUpdate(StandInUser user, StandInCharge charge) => new()
    {
        ["message"] = new JsonObject
        {
            ["message_id"] = NextMessageId(),
            ["from"] = user.ToJson(),
            ["chat"] = user.ChatJson(),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["successful_payment"] = new JsonObject
            {
                ["currency"] = charge.Currency,
                ["total_amount"] = charge.TotalAmount,
                ["invoice_payload"] = charge.InvoicePayload,
                ["telegram_payment_charge_id"] = charge.ChargeId,
                ["provider_payment_charge_id"] = "",
            },
        },
    };
}
