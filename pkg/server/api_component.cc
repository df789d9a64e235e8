#include "pkg/server/api_component.h"

#include <fstream>
#include <sstream>
#include <tuple>

#include "pkg/apiserver/object_rules.h"
#include "pkg/pki/pki.h"
#include "pkg/server/rbac_bootstrap.h"
#include "pkg/server/secrets_encrypt.h"

namespace k1s::server {

namespace {

using apiserver::Json;

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool LooksLikeIp(const std::string& s) { return cli::ParseIpAddress(s).ok(); }

pki::ServerPkiOptions PkiOptions(const ServerConfig& config) {
  pki::ServerPkiOptions options;
  options.dir = config.data_dir + "/server/tls";
  options.cluster_domain = config.cluster_domain;
  options.dns_names.push_back(config.node_name);
  options.ip_addresses.push_back(FirstServiceAddress(config.service_cidr));
  for (const std::string& san : config.tls_san) {
    (LooksLikeIp(san) ? options.ip_addresses : options.dns_names).push_back(san);
  }
  if (config.node_ip) options.ip_addresses.push_back(config.node_ip->ToString());
  if (config.advertise_address) options.ip_addresses.push_back(config.advertise_address->ToString());
  const std::string bind = config.bind_address.ToString();
  if (bind != "0.0.0.0" && bind != "::") options.ip_addresses.push_back(bind);
  return options;
}

// Creates an object unless it exists; the bootstrap is idempotent across restarts.
Status EnsureObject(apiserver::ApiServer& api, api::Registry& registry, const std::string& group,
                    const std::string& plural, const std::string& ns, Json object,
                    const Clock& clock) {
  auto resource = registry.Find(group, "v1", plural);
  if (resource == nullptr) return Status::Internal("no resource " + plural);
  const std::string name = object["metadata"]["name"];
  if (api.objects().Get(*resource, ns, name).ok()) return Status::Ok();
  K1S_ASSIGN_OR_RETURN(Json prepared,
                       apiserver::PrepareForCreate(*resource, std::move(object), {ns, clock.Now()}));
  auto created = api.objects().Create(*resource, prepared);
  if (!created.ok() && !created.status().IsAlreadyExists()) return created.status();
  return Status::Ok();
}

Status Bootstrap(apiserver::ApiServer& api, api::Registry& registry, const ServerConfig& config,
                 const Clock& clock) {
  for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    Json object = {{"metadata", {{"name", ns}, {"labels", {{"kubernetes.io/metadata.name", ns}}}}},
                   {"spec", {{"finalizers", {"kubernetes"}}}},
                   {"status", {{"phase", "Active"}}}};
    K1S_RETURN_IF_ERROR(EnsureObject(api, registry, "", "namespaces", "", std::move(object), clock));
  }
  const std::string cluster_ip = FirstServiceAddress(config.service_cidr);
  Json service = {
      {"metadata",
       {{"name", "kubernetes"},
        {"labels", {{"component", "apiserver"}, {"provider", "kubernetes"}}}}},
      {"spec",
       {{"type", "ClusterIP"},
        {"clusterIP", cluster_ip},
        {"clusterIPs", {cluster_ip}},
        {"ipFamilies", {config.service_cidr.network.family == cli::IpFamily::kV4 ? "IPv4" : "IPv6"}},
        {"ipFamilyPolicy", "SingleStack"},
        {"sessionAffinity", "None"},
        {"internalTrafficPolicy", "Cluster"},
        {"ports",
         {{{"name", "https"},
           {"port", 443},
           {"protocol", "TCP"},
           {"targetPort", config.https_listen_port}}}}}}};
  K1S_RETURN_IF_ERROR(EnsureObject(api, registry, "", "services", "default", std::move(service), clock));
  // The built-in priority classes kube-apiserver creates.
  for (const auto& [name, value, description] :
       {std::tuple{"system-node-critical", 2000001000,
                   "Used for system critical pods that must not be moved from their current node."},
        std::tuple{"system-cluster-critical", 2000000000,
                   "Used for system critical pods that must run in the cluster, but can be moved to another node "
                   "if necessary."}}) {
    Json pc = {{"metadata", {{"name", name}}},
               {"value", value},
               {"description", description},
               {"globalDefault", false},
               {"preemptionPolicy", "PreemptLowerPriority"}};
    K1S_RETURN_IF_ERROR(EnsureObject(api, registry, "scheduling.k8s.io", "priorityclasses", "", std::move(pc), clock));
  }
  return Status::Ok();
}

Status WriteKubeconfig(const ServerConfig& config, const pki::ServerPki& certs, uint16_t port) {
  K1S_ASSIGN_OR_RETURN(std::string ca, ReadFile(certs.server_ca_cert));
  K1S_ASSIGN_OR_RETURN(std::string cert, ReadFile(certs.admin_cert));
  K1S_ASSIGN_OR_RETURN(std::string key, ReadFile(certs.admin_key));
  pki::KubeconfigOptions options;
  options.server_url = "https://127.0.0.1:" + std::to_string(port);
  options.ca_cert_pem = std::move(ca);
  options.client_cert_pem = std::move(cert);
  options.client_key_pem = std::move(key);
  return pki::WriteFileAtomic(config.write_kubeconfig, pki::RenderKubeconfig(options),
                              config.write_kubeconfig_mode);
}

// Kubernetes' defaults for the issuer (and k3s's extra audience).
apiserver::ServiceAccountTokenOptions TokenOptions(const ServerConfig& config, const std::string& advertise) {
  apiserver::ServiceAccountTokenOptions options;
  options.issuer = "https://kubernetes.default.svc." + config.cluster_domain;
  options.api_audiences = {options.issuer, "k1s"};
  options.jwks_uri = "https://" + advertise + ":" + std::to_string(config.https_listen_port) + "/openid/v1/jwks";
  return options;
}

}  // namespace

std::string FirstServiceAddress(const cli::Cidr& service_cidr) {
  cli::IpAddress ip = service_cidr.network;
  const int last = ip.family == cli::IpFamily::kV4 ? 3 : 15;
  ip.bytes[last] = static_cast<uint8_t>(ip.bytes[last] + 1);
  return ip.ToString();
}

Result<std::unique_ptr<ApiComponent>> ApiComponent::Start(
    const ServerConfig& config, store::Store& store, const Clock& clock, Logger log,
    encryption::SecretsEncryption* secrets_encryption) {
  std::unique_ptr<ApiComponent> component(new ApiComponent());
  K1S_ASSIGN_OR_RETURN(pki::ServerPki certs, pki::EnsureServerPki(PkiOptions(config)));
  component->certs_ = certs;

  component->registry_ = api::Registry::WithBuiltins();
  apiserver::ApiServerOptions api_options;
  api_options.admin_token = config.token;
  const std::string advertise = config.advertise_address ? config.advertise_address->ToString()
                                : config.node_ip          ? config.node_ip->ToString()
                                                          : "127.0.0.1";
  api_options.advertise_address = advertise + ":" + std::to_string(config.https_listen_port);
  api_options.services.service_cidr = config.service_cidr.ToString();
  api_options.services.node_port_first = config.service_node_port_first;
  api_options.services.node_port_last = config.service_node_port_last;
  component->api_ = std::make_unique<apiserver::ApiServer>(
      std::move(api_options), *component->registry_, store, clock, log.Child("api"));
  K1S_RETURN_IF_ERROR(Bootstrap(*component->api_, *component->registry_, config, clock));
  K1S_RETURN_IF_ERROR(BootstrapRbac(*component->api_, *component->registry_, clock));
  K1S_RETURN_IF_ERROR(component->api_->EnableRbac());
  component->api_->EnableAdmission();
  component->api_->EnableCsrSigning({certs.client_ca_cert, certs.client_ca_key});
  K1S_RETURN_IF_ERROR(component->api_->EnableServiceAccountTokens(
      TokenOptions(config, advertise), config.data_dir + "/server/tls/service.key"));
  K1S_ASSIGN_OR_RETURN(component->crds_,
                       apiserver::CrdController::Start(component->api_->objects(), *component->registry_,
                                                       clock, log.Child("crd")));
  // The bootstrapped `kubernetes` Service now holds its IP; orphans of a crash go.
  K1S_RETURN_IF_ERROR(component->api_->RepairServiceAllocations());

  if (secrets_encryption != nullptr) {
    AddSecretsEncryptionEndpoints(*component->api_, *secrets_encryption);
  }

  http::ServerOptions http_options;
  http_options.bind_address = config.bind_address.ToString();
  http_options.port = static_cast<uint16_t>(config.https_listen_port);
  http_options.tls = http::TlsFiles{certs.serving_cert, certs.serving_key, certs.client_ca_cert};
  http_options.logger = log.Child("https");
  apiserver::ApiServer* api = component->api_.get();
  K1S_ASSIGN_OR_RETURN(component->http_,
                       http::Server::Start(http_options, [api](http::Request& r) { return api->Handle(r); }));
  K1S_RETURN_IF_ERROR(WriteKubeconfig(config, certs, component->http_->port()));
  component->api_->SetReady(true);
  log.Info("serving the Kubernetes API on https://", http_options.bind_address, ":",
           component->http_->port(), "; kubeconfig written to ", config.write_kubeconfig);
  return component;
}

ApiComponent::~ApiComponent() { Stop(); }

void ApiComponent::Stop() {
  if (http_ != nullptr) http_->Stop();
  if (crds_ != nullptr) crds_->Stop();
}

}  // namespace k1s::server
