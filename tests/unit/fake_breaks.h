#pragma once
// Break points of made-up text for the line breaker's tests: no fonts, no shaping. Text is
// added piece by piece (a width and a character count); a break goes after the text so far:
// at a space (which then adds its width, stretch and shrink), inside a word (a hyphenation
// point, or a break inside a web address), or at the paragraph's end.

#include <cstdint>
#include <vector>

#include "para/line_breaker.h"

namespace handout::fake {

struct Space {
  double width = 5;
  double stretch = 2.5;
  double shrink = 5.0 / 3;
};

class Breaks {
 public:
  /// `w` pt of text, `chars` characters long, part of a web address when `link`.
  Breaks& text(double w, std::uint32_t chars = 1, bool link = false) {
    width_ += w;
    pos_ += chars;
    if (link) link_chars_ += chars;
    return *this;
  }
  /// Stretch the text itself gives (kashida).
  Breaks& stretch(double s) {
    stretch_ += s;
    return *this;
  }
  /// A break before `space`, which follows it. The reference lasts until the next break.
  Breakpoint& space(const Space& s = {}) {
    Breakpoint& b = line_end(0);
    width_ += s.width;
    stretch_ += s.stretch;
    shrink_ += s.shrink;
    ++pos_;
    return line_start(b);
  }
  /// A hyphenation point: a line ending here gains a hyphen `hyphen_width` wide.
  Breakpoint& hyphen(double hyphen_width, double penalty = 50) {
    Breakpoint& b = line_start(line_end(hyphen_width));
    b.hyphen = true;
    b.penalty = penalty;
    return b;
  }
  /// A break inside a word that adds nothing to the line (a web address after its "/").
  Breakpoint& inside(double penalty) {
    Breakpoint& b = line_start(line_end(0));
    b.penalty = penalty;
    return b;
  }
  /// The paragraph's end: a forced break.
  Breakpoint& end() {
    Breakpoint& b = line_start(line_end(0));
    b.forced = true;
    return b;
  }

  std::vector<Breakpoint> points = std::vector<Breakpoint>(1);  ///< the paragraph's start first

 private:
  Breakpoint& line_end(double added) {
    Breakpoint& b = points.emplace_back();
    b.end_width = Pt(width_ + added);
    b.end_stretch = Pt(stretch_);
    b.end_shrink = Pt(shrink_);
    return b;
  }
  Breakpoint& line_start(Breakpoint& b) const {
    b.pos = pos_;
    b.link_chars = link_chars_;
    b.start_width = Pt(width_);
    b.start_stretch = Pt(stretch_);
    b.start_shrink = Pt(shrink_);
    return b;
  }

  double width_ = 0, stretch_ = 0, shrink_ = 0;
  std::uint32_t pos_ = 0, link_chars_ = 0;
};

}  // namespace handout::fake
