#include "pkg/server/components.h"

#include "pkg/server/datastore.h"

namespace k1s::server {

Status Components::Start() {
  K1S_ASSIGN_OR_RETURN(store_, StartDatastore(config_, log_.Child("store")));
  K1S_ASSIGN_OR_RETURN(api_, ApiComponent::Start(config_, *store_, clock_, log_));
  return Status::Ok();
}

void Components::Stop() {
  if (api_ != nullptr) {
    api_->Stop();
    api_.reset();
    log_.Info("API server stopped");
  }
  if (store_ != nullptr) {
    store_->Close();
    store_.reset();
    log_.Info("datastore closed");
  }
}

}  // namespace k1s::server
