#include "pkg/server/components.h"

#include "pkg/server/datastore.h"

namespace k1s::server {

Status Components::Start() {
  K1S_ASSIGN_OR_RETURN(store_, StartDatastore(config_, log_.Child("store")));
  return Status::Ok();
}

void Components::Stop() {
  if (store_ != nullptr) {
    store_->Close();
    store_.reset();
    log_.Info("datastore closed");
  }
}

}  // namespace k1s::server
