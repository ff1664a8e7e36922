// The PDF dates' calendar: utc_time works out what gmtime_r gives without glibc's time zone
// set-up (which reads /etc/localtime on its first call).
#include <gtest/gtest.h>

#include <cstdint>
#include <ctime>
#include <random>

#include "output/pdf_meta.h"

namespace handout {
namespace {

void expect_as_gmtime(long long t) {
  const auto tt = static_cast<std::time_t>(t);
  std::tm want{};
  ASSERT_NE(gmtime_r(&tt, &want), nullptr) << t;
  const std::tm got = utc_time(t);
  ASSERT_EQ(got.tm_year, want.tm_year) << t;
  ASSERT_EQ(got.tm_mon, want.tm_mon) << t;
  ASSERT_EQ(got.tm_mday, want.tm_mday) << t;
  ASSERT_EQ(got.tm_hour, want.tm_hour) << t;
  ASSERT_EQ(got.tm_min, want.tm_min) << t;
  ASSERT_EQ(got.tm_sec, want.tm_sec) << t;
  ASSERT_EQ(got.tm_wday, want.tm_wday) << t;
  ASSERT_EQ(got.tm_yday, want.tm_yday) << t;
}

TEST(PdfMeta, UtcTimeIsGmtime) {
  // Edges: the epoch, leap days (2000 is a leap year, 2100 is not), ends of days and years,
  // the last second a PDF date can hold.
  for (long long t : {0LL, 59LL, 86399LL, 86400LL, 951782400LL, 951868799LL, 951868800LL, 978307199LL,
                      1700000000LL, 4107542399LL, 4107542400LL, 4108060800LL, 253402300799LL}) {
    expect_as_gmtime(t);
  }
  // Every day of 1970-2400 at a second that moves through the day.
  for (long long day = 0; day < 157000; ++day) expect_as_gmtime(day * 86400 + (day * 7919) % 86400);
  std::mt19937_64 rng(17);
  std::uniform_int_distribution<long long> any(0, 253402300799LL);
  for (int i = 0; i < 100000; ++i) expect_as_gmtime(any(rng));
}

TEST(PdfMeta, UtcTimeKeepsToFourDigitYears) {
  const std::tm before = utc_time(-5);
  EXPECT_EQ(before.tm_year, 70);
  EXPECT_EQ(before.tm_mon, 0);
  EXPECT_EQ(before.tm_mday, 1);
  EXPECT_EQ(before.tm_hour, 0);
  EXPECT_EQ(before.tm_sec, 0);
  const std::tm after = utc_time(999999999999LL);
  EXPECT_EQ(after.tm_year, 9999 - 1900);
  EXPECT_EQ(after.tm_mon, 11);
  EXPECT_EQ(after.tm_mday, 31);
  EXPECT_EQ(after.tm_hour, 23);
  EXPECT_EQ(after.tm_min, 59);
  EXPECT_EQ(after.tm_sec, 59);
}

}  // namespace
}  // namespace handout
