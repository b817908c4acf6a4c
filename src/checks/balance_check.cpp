// balance: the account can pay for a request. From the profile's balance endpoint when it
// has one; otherwise from what the probe's completion was told.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "checks/check.hpp"
#include "checks/endpoint.hpp"
#include "checks/http_evidence.hpp"
#include "util/json_at.hpp"
#include "util/json_parse.hpp"

namespace anlink {

namespace {

std::string console(const Profile& p) {
  return p.console_url.empty() ? "the platform's console" : "the console (" + p.console_url + ")";
}

Finding from_endpoint(Context& ctx, const BalanceShape& shape) {
  if (!key_is_sendable(ctx.opts, ctx.profile))
    return Finding::skip("the key is missing or malformed (see config)");
  HttpResponse res = get_endpoint(ctx, shape.path, shape.from_origin);
  const std::string& url = res.url;
  if (!res.ok_transport()) return unreadable_endpoint(res, "balance");
  Classification c = classify(res, &ctx.profile);
  auto evidence = http_evidence(res, &c);
  auto doc = parse_untrusted_json(res.body);
  const bool readable = res.status == 200 && !doc.is_discarded();
  if (readable && json_at::boolean(doc, shape.unlimited).value_or(false)) {
    Finding f = Finding::pass("the key is unlimited (" + shape.unlimited + " is true)");
    f.evidence = evidence;
    return f;
  }
  if (readable && !json_at::boolean(doc, shape.available).value_or(true)) {
    Finding f = Finding::fail(Category::balance_rejected,
                              fmt::format("the account is marked unavailable for calls ({} is false)",
                                          shape.available));
    f.fixes = {"Top up the balance in " + console(ctx.profile)};
    f.evidence = evidence;
    return f.with_generic_fixes(ctx.profile);
  }
  if (readable && shape.null_is_unlimited && json_at::is_null(doc, shape.amount)) {
    Finding f = Finding::pass("the key is unlimited (" + shape.amount + " is null)");
    f.evidence = evidence;
    return f;
  }
  auto amount = readable ? json_at::number(doc, shape.amount) : std::nullopt;
  if (amount && !shape.spent.empty()) {  // a budget: what is left of it is what counts
    const auto spent = json_at::number(doc, shape.spent);
    evidence["budget"] = *amount;
    if (spent) evidence["spent"] = *spent;
    amount = spent ? std::optional<double>(*amount - *spent) : std::nullopt;
  }
  if (!amount) {
    Finding f = Finding::warn(std::nullopt,
                              res.status == 200
                                  ? fmt::format("could not read the balance: no number at {} in {}",
                                                shape.spent.empty() ? shape.amount : shape.amount + " or " + shape.spent, url)
                                  : "could not read the balance: " + describe_answer(res, c));
    f.fixes = {"Check the balance in " + console(ctx.profile)};
    f.evidence = evidence;
    return f;
  }
  std::string currency = json_at::text(doc, shape.currency);
  if (!currency.empty()) currency = " " + currency;
  const std::string shown = fmt::format("{:.2f}{}", *amount, currency);
  evidence["balance"] = *amount;
  if (!currency.empty()) evidence["currency"] = currency.substr(1);
  Finding f;
  if (evidence.contains("budget")) {  // a key's budget (LiteLLM): say it as one
    const double budget = evidence["budget"].get<double>();
    if (*amount <= shape.minimum) {
      f = Finding::fail(Category::balance_rejected,
                        fmt::format("the key's budget is spent: {:.2f} of {:.2f}{} used, calls will be refused",
                                    budget - *amount, budget, currency));
      f.fixes = {"Raise the key's budget (max_budget, e.g. POST /key/update on the proxy) or use a "
                 "key with budget left"};
    } else if (*amount < shape.low) {
      f = Finding::warn(Category::balance_rejected,
                        fmt::format("the key's budget is nearly spent: {:.2f} of {:.2f}{} left",
                                    *amount, budget, currency));
      f.fixes = {"Raise the key's budget (max_budget) before it runs out"};
    } else {
      f = Finding::pass(fmt::format("the key's budget has {:.2f} of {:.2f}{} left", *amount, budget, currency));
    }
    f.evidence = evidence;
    return f;
  }
  if (*amount <= shape.minimum) {
    f = Finding::fail(Category::balance_rejected,
                      fmt::format("the balance is {}, at or below the minimum of {:.2f}: calls "
                                  "will be refused",
                                  shown, shape.minimum));
    f.fixes = {"Top up the balance in " + console(ctx.profile)};
    f.with_generic_fixes(ctx.profile);
  } else if (*amount < shape.low) {
    f = Finding::warn(Category::balance_rejected, fmt::format("the balance is low: {}", shown));
    f.fixes = {"Top up soon in " + console(ctx.profile)};
  } else {
    f = Finding::pass(fmt::format("the balance is {}", shown));
  }
  f.evidence = evidence;
  return f;
}

Finding rejected(const Context& ctx, const CallResult& chat) {
  const Classification& c = chat.classification;
  const std::string answer = describe_answer(chat.response, c);
  Finding f;
  if (c.rate_limited) {
    f = Finding::fail(Category::balance_rejected, "rate limited, not out of balance: " + answer);
    f.fixes = {c.wait.empty()
                   ? std::string("Wait a little and retry: the limit resets by itself")
                   : "Wait " + c.wait + " (" + c.wait_from + ") and retry",
               "Spread requests out, or ask the platform for a higher limit"};
  } else {
    f = Finding::fail(Category::balance_rejected,
                      "the account's balance or quota does not cover a request: " + answer);
    f.fixes = {"Top up the balance in " + console(ctx.profile),
               "Trial credit is small: check whether it has been used up"};
  }
  f.evidence = http_evidence(chat.response, &c);
  f.evidence["rate_limited"] = c.rate_limited;
  for (const auto& [name, value] : chat.response.headers)
    if (name.rfind("x-ratelimit-", 0) == 0) f.evidence[name] = value;
  return f;
}

}  // namespace

std::vector<HttpRequest> plan_balance(const Context& ctx) {
  const auto& shape = ctx.profile.balance;
  if (!shape || !key_is_sendable(ctx.opts, ctx.profile)) return {};  // else: from the probe
  return {endpoint_request(ctx, shape->path, shape->from_origin)};
}

Finding check_balance(Context& ctx) {
  if (ctx.profile.balance) return from_endpoint(ctx, *ctx.profile.balance);
  if (!ctx.opts.probe)
    return Finding::skip(fmt::format("the {} profile has no balance endpoint, and --no-probe "
                                     "sends nothing to learn it from: check the balance in {}",
                                     ctx.profile.name, console(ctx.profile)));
  const ProbeResult& p = ensure_probe(ctx);
  if (!p.sent)
    return Finding::skip(fmt::format("the {} profile has no balance endpoint, and the probe it "
                                     "would be judged from was not sent ({})",
                                     ctx.profile.name, p.not_sent));
  if (p.call.classification.category == Category::balance_rejected) return rejected(ctx, p.call);
  if (p.call.response.ok_transport() && p.call.response.status >= 200 && p.call.response.status < 300)
    return Finding::pass(fmt::format("the probe's completion was accepted, so the balance covers "
                                     "a request (the {} profile has no balance endpoint)",
                                     ctx.profile.name));
  return Finding::skip("the probe did not succeed (see probe), so it says nothing "
                       "about the balance");
}

}  // namespace anlink
