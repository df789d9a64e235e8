// apimachinery types every object shares: metadata, selectors, Status,
// DeleteOptions, and the primitive aliases.
#include "pkg/openapi/table_builder.h"

namespace k1s::openapi {

void AddMetaSchemas(TableBuilder& b) {
  b.Alias("Quantity", "string", "",
          "A fixed-point amount such as 100m, 1.5, 64Mi or 2Gi: a number with an optional "
          "decimal (m, k, M, G, ...) or binary (Ki, Mi, Gi, ...) suffix.");
  b.Alias("IntOrString", "string", "int-or-string",
          "A value that is either an integer or a string, such as 8080 or \"http\" or \"25%\".");
  b.Alias("meta.Time", "string", "date-time", "A point in time, RFC 3339 with second precision.");
  b.Alias("meta.MicroTime", "string", "date-time",
          "A point in time, RFC 3339 with microsecond precision.");
  b.Def("RawExtension", "An embedded object of any kind, kept as the client sent it.");
  b.Def("meta.FieldsV1", "The set of fields a manager owns, as a JSON trie of field paths.");
  b.Def("meta.Patch", "The body of a PATCH request; its format depends on the Content-Type.");

  b.Def("meta.ObjectMeta", "Metadata every persisted object has: identity, labels and bookkeeping.")
      .F("annotations", "{}string",
         "Unstructured key/value data kept with the object, for tools and extensions; not "
         "used to select objects.")
      .F("creationTimestamp", "meta.Time", "When the server created the object. Read-only.")
      .F("deletionGracePeriodSeconds", "int64",
         "Seconds the object has to terminate gracefully before it is removed. Read-only.")
      .F("deletionTimestamp", "meta.Time",
         "When the object will be removed; set when deletion is requested. Read-only.")
      .F("finalizers", "[]string",
         "Names that must each be removed before the object is deleted from storage.")
      .PatchStrategy("merge")
      .ListSet()
      .F("generateName", "string",
         "Prefix for a name the server generates when name is empty.")
      .F("generation", "int64", "Sequence number of changes to the desired state. Read-only.")
      .F("labels", "{}string", "Key/value pairs used to organize and select objects.")
      .F("managedFields", "[]meta.ManagedFieldsEntry",
         "Which manager owns which fields, for server-side apply. Mostly internal.")
      .Atomic()
      .F("name", "string", "Name of the object, unique within its namespace (or the cluster).")
      .F("namespace", "string", "Namespace the object lives in; empty for cluster-scoped objects.")
      .F("ownerReferences", "[]meta.OwnerReference",
         "Objects this one depends on; it is garbage collected when all owners are gone.")
      .Merge("uid")
      .ListMap({"uid"})
      .F("resourceVersion", "string",
         "Opaque version of the object, used for optimistic concurrency and watches. Read-only.")
      .F("selfLink", "string", "Deprecated and always empty.")
      .F("uid", "string", "Unique identifier of this incarnation of the object. Read-only.");

  b.Def("meta.ListMeta", "Metadata of a list response.")
      .F("continue", "string", "Token to fetch the next page of a paged list, if any.")
      .F("remainingItemCount", "int64", "Approximate number of items after this page.")
      .F("resourceVersion", "string", "Version of the collection the list was read at.")
      .F("selfLink", "string", "Deprecated and always empty.");

  b.Def("meta.OwnerReference", "Identifies an owning object in the same namespace.")
      .F("apiVersion", "string", "API version of the owner.").Req()
      .F("blockOwnerDeletion", "boolean",
         "If true, foreground deletion of the owner waits for this object to go first.")
      .F("controller", "boolean", "If true, the owner is the managing controller.")
      .F("kind", "string", "Kind of the owner.").Req()
      .F("name", "string", "Name of the owner.").Req()
      .F("uid", "string", "UID of the owner.").Req();

  b.Def("meta.ManagedFieldsEntry", "One manager's ownership of a set of fields.")
      .F("apiVersion", "string", "Version of the fields' schema.")
      .F("fieldsType", "string", "Format of fieldsV1; always FieldsV1.")
      .F("fieldsV1", "meta.FieldsV1", "The owned fields.")
      .F("manager", "string", "Name of the manager (such as kubectl or a controller).")
      .F("operation", "string", "Apply or Update: how the fields were last written.")
      .F("subresource", "string", "Subresource the fields were written through, if any.")
      .F("time", "meta.Time", "When the entry last changed.");

  b.Def("meta.LabelSelector",
        "Selects objects by labels; matchLabels and matchExpressions are ANDed. An empty "
        "selector matches everything, a missing one nothing.")
      .F("matchExpressions", "[]meta.LabelSelectorRequirement",
         "Requirements on labels, all of which must hold.")
      .Atomic()
      .F("matchLabels", "{}string", "Exact key=value pairs the labels must contain.");
  b.Def("meta.LabelSelectorRequirement", "A requirement on one label key.")
      .F("key", "string", "The label key.").Req()
      .F("operator", "string", "In, NotIn, Exists or DoesNotExist.").Req()
      .F("values", "[]string",
         "Values for In and NotIn; must be empty for Exists and DoesNotExist.")
      .Atomic();

  b.Def("meta.Condition", "One aspect of an object's current state.")
      .F("lastTransitionTime", "meta.Time", "When the status last changed.").Req()
      .F("message", "string", "Human-readable details.").Req()
      .F("observedGeneration", "int64", "The generation the condition was computed from.")
      .F("reason", "string", "CamelCase reason for the last transition.").Req()
      .F("status", "string", "True, False or Unknown.").Req()
      .F("type", "string", "Type of the condition, in CamelCase.").Req();

  b.Def("meta.Status", "The result of an operation that does not return an object, such as an error.")
      .F("apiVersion", "string", "Versioned schema of this representation.")
      .F("code", "integer", "HTTP status code of this status, if any.")
      .F("details", "meta.StatusDetails", "Extra data about the reason, if any.")
      .F("kind", "string", "Always Status.")
      .F("message", "string", "Human-readable description.")
      .F("metadata", "meta.ListMeta", "Standard list metadata.")
      .F("reason", "string", "Machine-readable reason, such as NotFound or AlreadyExists.")
      .F("status", "string", "Success or Failure.");
  b.Def("meta.StatusDetails", "Extra data about a Status.")
      .F("causes", "[]meta.StatusCause", "Individual causes, such as invalid fields.").Atomic()
      .F("group", "string", "Group of the resource concerned.")
      .F("kind", "string", "Kind of the resource concerned.")
      .F("name", "string", "Name of the resource concerned.")
      .F("retryAfterSeconds", "integer", "Seconds to wait before retrying, if set.")
      .F("uid", "string", "UID of the resource concerned.");
  b.Def("meta.StatusCause", "One cause of an error.")
      .F("field", "string", "Path of the field concerned, such as spec.containers[0].name.")
      .F("message", "string", "Human-readable description.")
      .F("reason", "string", "Machine-readable reason.");

  b.Def("meta.DeleteOptions", "Options of a DELETE request.")
      .F("apiVersion", "string", "Versioned schema of this representation.")
      .F("dryRun", "[]string", "If All, report what would happen without deleting.").Atomic()
      .F("gracePeriodSeconds", "int64", "Seconds before the object is removed; 0 deletes at once.")
      .F("ignoreStoreReadErrorWithClusterBreakingPotential", "boolean",
         "Delete even if the stored object cannot be read. Dangerous.")
      .F("kind", "string", "Always DeleteOptions.")
      .F("orphanDependents", "boolean", "Deprecated: use propagationPolicy.")
      .F("preconditions", "meta.Preconditions", "Conditions the object must meet to be deleted.")
      .F("propagationPolicy", "string", "Orphan, Background or Foreground deletion of dependents.");
  b.Def("meta.Preconditions", "Conditions an object must meet before an operation.")
      .F("resourceVersion", "string", "The object's resourceVersion must equal this.")
      .F("uid", "string", "The object's UID must equal this.");

  b.Def("meta.WatchEvent", "One event of a watch stream.")
      .F("object", "RawExtension", "The object concerned, or a Status for ERROR events.").Req()
      .F("type", "string", "ADDED, MODIFIED, DELETED, BOOKMARK or ERROR.").Req();
}

}  // namespace k1s::openapi
