// restore_fid_order: incidents read in storage order come out as a read in fid order would give
// them, ids numbered by first appearance (worked by hand below).
#include "grip/hotspot/hotspot_incidents.hpp"

#include <gtest/gtest.h>

namespace {

using grip::hotspot::Incidents;
using grip::hotspot::restore_fid_order;

TEST(HotspotIncidents, StorageOrderIsPutBackIntoFidOrder) {
  // Rows as a heap with an updated tuple might return them: fids 3, 1, 4, 2.
  Incidents read;
  read.x = {30, 10, 40, 20};
  read.y = {3, 1, 4, 2};
  read.month = {1, 0, 1, 0};
  read.types = {"Robbery", "Burglary"};  // ids by first appearance in this order
  read.type = {0, 1, 0, 0};
  read.locations = {"Mill Lane", "High Street", "Station Road"};
  read.location = {0, 1, 2, 0};
  read.towns = {"Colchester", "Harlow"};
  read.town = {0, 1, 1, 0};
  read.occurred_from = {"c", "a", "d", "b"};
  restore_fid_order(read, {3, 1, 4, 2});

  // In fid order the rows are (fid 1) Burglary High Street Harlow, (2) Robbery Mill Lane
  // Colchester, (3) Robbery Mill Lane Colchester, (4) Robbery Station Road Harlow.
  EXPECT_EQ(read.x, (std::vector<double>{10, 20, 30, 40}));
  EXPECT_EQ(read.y, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(read.month, (std::vector<std::uint16_t>{0, 0, 1, 1}));
  EXPECT_EQ(read.types, (std::vector<std::string>{"Burglary", "Robbery"}));
  EXPECT_EQ(read.type, (std::vector<std::uint16_t>{0, 1, 1, 1}));
  EXPECT_EQ(read.locations, (std::vector<std::string>{"High Street", "Mill Lane", "Station Road"}));
  EXPECT_EQ(read.location, (std::vector<std::uint32_t>{0, 1, 1, 2}));
  EXPECT_EQ(read.towns, (std::vector<std::string>{"Harlow", "Colchester"}));
  EXPECT_EQ(read.town, (std::vector<std::uint32_t>{0, 1, 1, 0}));
  EXPECT_EQ(read.occurred_from, (std::vector<std::string>{"a", "b", "c", "d"}));
}

TEST(HotspotIncidents, FidOrderIsLeftAsItIs) {
  Incidents read;
  read.x = {1, 2};
  read.y = {1, 2};
  read.month = {0, 0};
  read.types = {"Robbery"};
  read.type = {0, 0};
  read.locations = {"B", "A"};
  read.location = {0, 1};
  read.towns = {"T"};
  read.town = {0, 0};
  read.occurred_from = {"", ""};
  restore_fid_order(read, {5, 9});
  EXPECT_EQ(read.locations, (std::vector<std::string>{"B", "A"}));
  EXPECT_EQ(read.location, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(read.x, (std::vector<double>{1, 2}));
}

}  // namespace
