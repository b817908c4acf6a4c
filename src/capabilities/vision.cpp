// vision: a PNG made here holding the run's 6-digit number (digit_image.hpp); only a model
// that saw it can answer with that number.
#include <fmt/format.h>

#include <array>

#include "capabilities/capability.hpp"
#include "capabilities/digit_image.hpp"
#include "util/text.hpp"

namespace anlink {

namespace {

constexpr const char* kPrompt = "What number is written in this image? Answer with the digits only.";

std::vector<std::string> vision_bodies(const ProbeArgs& a) {
  nlohmann::json b = base_body(a, kPrompt, 32);
  a.api.features.add_image(b, kPrompt, base64(digit_png(a.nonce.number)));
  return {b.dump()};
}

nlohmann::ordered_json vision_sent(const ProbeArgs& a, const nlohmann::json&) {
  const std::string png = digit_png(a.nonce.number);
  return {{std::string(a.api.features.image_param),
           fmt::format("a PNG made for this run ({} bytes), holding a {}-digit number", png.size(), a.nonce.number.size())},
          {"prompt", kPrompt}};
}

// The numbers an answer writes: runs of digits, with up to two spaces, commas, dots, colons
// or dashes between them ("40 71 23", "407,123", "4, 0, 7, 1, 2, 3") taken as one.
std::vector<std::string> numbers_in(std::string_view text) {
  std::vector<std::string> out;
  std::string run;
  std::size_t since_digit = 0;
  for (char ch : text.substr(0, 8192)) {
    if (ch >= '0' && ch <= '9') {
      run.push_back(ch);
      since_digit = 0;
    } else if (!run.empty() && (ch == ' ' || ch == ',' || ch == '.' || ch == '-' || ch == ':') && ++since_digit <= 2) {
      continue;
    } else if (!run.empty()) {
      out.push_back(run);
      run.clear();
      since_digit = 0;
    }
    if (out.size() == 64) return out;
  }
  if (!run.empty()) out.push_back(run);
  return out;
}

// Close enough that a model that never saw the image could not have written it: two digits
// changed, dropped or added at most.
bool near_miss(const std::string& got, const std::string& want) {
  return got.size() + 2 >= want.size() && got.size() <= want.size() + 2 && text::edit_distance(got, want) <= 2;
}

bool says_no_image(std::string_view text) {
  static constexpr std::array<std::string_view, 10> kWords = {
      "no image", "don't see", "do not see", "can't see", "cannot see", "not see", "unable to see", "unable to view",
      "can't view", "cannot view"};
  for (auto w : kWords)
    if (text::contains_icase(text, w)) return true;
  return text::contains_icase(text, "image") && (text::contains_icase(text, "attach") || text::contains_icase(text, "provide"));
}

Judged vision_judge(const ProbeArgs& a, const std::vector<Answer>& answers) {
  const Answer& ans = answers.front();
  const std::string decided = reading::quote(ans.text);
  if (reading::declined(ans))
    return {Verdict::inconclusive, "inconclusive: the model declined the task, so whether it sees images is not known",
            ans.refusal.empty() ? ans.finish : reading::quote(ans.refusal)};
  const std::string said = reading::without_thinking(ans.text);  // a number it thought of is no answer
  const auto numbers = numbers_in(said);
  const bool exact = std::find(numbers.begin(), numbers.end(), a.nonce.number) != numbers.end();
  if (exact && reading::refuses_task(said))
    return {Verdict::inconclusive,
            "inconclusive: the answer holds the image's number but reads as a refusal, so the doctor does not count it",
            decided};
  if (exact)
    return {Verdict::works,
            fmt::format("images are seen: the model read the number in the image made for this run ({})", a.nonce.number),
            decided};
  for (const auto& n : numbers)
    if (near_miss(n, a.nonce.number))
      return {Verdict::inconclusive,
              fmt::format("inconclusive: the model read {} for the image's {}: close, so it likely saw the image but "
                          "the doctor cannot be sure", reading::quote(n), a.nonce.number),
              decided};
  if (reading::cut(ans))
    return {Verdict::inconclusive,
            fmt::format("inconclusive: the answer was cut at the token limit (finish reason \"{}\") before a number",
                        ans.finish),
            decided};
  if (text::trim(said).empty())
    return {Verdict::inconclusive,
            ans.finish == "length" ? "inconclusive: the model used its whole token limit before any answer"
                                   : "inconclusive: the answer is empty",
            "an empty answer"};
  if (!numbers.empty())
    return {Verdict::ignored,
            fmt::format("images are not seen: asked for the number in the image ({} digits), the model answered {}, "
                        "not the image's {}",
                        a.nonce.number.size(), reading::quote(numbers.front()), a.nonce.number),
            decided};
  if (reading::refuses_task(said) && !says_no_image(said))
    return {Verdict::inconclusive, "inconclusive: the model declined the task", decided};
  return {Verdict::ignored,
          fmt::format("images are not seen: the image reached no model that read it (HTTP 200, the answer has no number{})",
                      says_no_image(said) ? ", and says it sees no image" : ""),
          decided};
}

}  // namespace

CapabilityDef vision_capability() {
  return {"vision",
          "an image made for the run, holding a 6-digit number, is read back (image_url, image, input_image)",
          "image input",
          "apps and agents that send images or screenshots",
          Part::image,
          32,
          vision_bodies,
          vision_sent,
          {{"image", Part::image}, {"vision", Part::image}, {"multimodal", Part::image}, {"multi_modal", Part::image}},
          {},
          vision_judge,
          "Use a model on {gateway} that accepts images (a vision model) for image input",
          "Use a vision model or channel on {gateway}: {model} answers without seeing the images it is sent"};
}

}  // namespace anlink
