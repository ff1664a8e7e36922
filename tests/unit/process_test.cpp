#include "cli/process.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace handout {
namespace {

// import gives pandoc a heap limit through its environment (GHCRTS): the variables passed
// reach the program, replacing this process's of the same name, and the others stay.
TEST(Process, EnvironmentReachesTheProgram) {
  ::setenv("HANDOUT_PROCESS_TEST_KEEP", "kept", 1);
  ::setenv("HANDOUT_PROCESS_TEST_SET", "old", 1);
  bool missing = true;
  auto r = run_process({"sh", "-c", "printf '%s|%s|%s' \"$HANDOUT_PROCESS_TEST_KEEP\" \"$HANDOUT_PROCESS_TEST_SET\" "
                                    "\"$(env | grep -c '^HANDOUT_PROCESS_TEST_SET=')\""},
                       10.0, 1024, missing, {"HANDOUT_PROCESS_TEST_SET=new"});
  ::unsetenv("HANDOUT_PROCESS_TEST_KEEP");
  ::unsetenv("HANDOUT_PROCESS_TEST_SET");
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(missing);
  EXPECT_EQ(r->exit_status, 0);
  EXPECT_EQ(r->out, "kept|new|1");
}

TEST(Process, WithoutEnvironmentTheProgramGetsOurs) {
  ::setenv("HANDOUT_PROCESS_TEST_KEEP", "kept", 1);
  bool missing = true;
  auto r = run_process({"sh", "-c", "printf '%s' \"$HANDOUT_PROCESS_TEST_KEEP\""}, 10.0, 1024, missing);
  ::unsetenv("HANDOUT_PROCESS_TEST_KEEP");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->out, "kept");
}

}  // namespace
}  // namespace handout
