# Debian's ArmadilloConfig.cmake is not usable; CMake's FindArmadillo gives variables only, so
# they are wrapped in an imported target here (used in-tree and by the installed package).
if(NOT TARGET Neurite::armadillo)
  find_package(Armadillo REQUIRED)
  add_library(Neurite::armadillo INTERFACE IMPORTED)
  set_target_properties(Neurite::armadillo PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${ARMADILLO_INCLUDE_DIRS}"
    INTERFACE_LINK_LIBRARIES "${ARMADILLO_LIBRARIES}")
endif()
