package integrations

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// AWS calls AWS services through the AWS SDK for Go v2. Settings: region, access_key_id,
// secret_access_key, session_token (optional), endpoint (optional: a local or private endpoint).
// Operations: ecs update-service, with parameters cluster, service, force_new_deployment,
// desired_count, task_definition.
type AWS struct{ Client *http.Client }

// Name is "aws".
func (*AWS) Name() string { return "aws" }

// Version of the integration.
func (*AWS) Version() string { return "1.0.0" }

// ValidateConfig needs a region and a key pair.
func (*AWS) ValidateConfig(cfg map[string]string) error {
	if err := require("aws", cfg, "region", "access_key_id", "secret_access_key"); err != nil {
		return err
	}
	if cfg["endpoint"] != "" {
		return checkURL("aws", cfg, "endpoint")
	}
	return nil
}

// Execute performs one operation of one service.
func (a *AWS) Execute(ctx context.Context, req Request) (Result, error) {
	if err := a.ValidateConfig(req.Config); err != nil {
		return Result{}, err
	}
	switch {
	case req.Service == "ecs" && req.Operation == "update-service":
		return a.ecsUpdateService(ctx, req)
	}
	return Result{}, fmt.Errorf("aws: %s %s is not supported (supported: ecs update-service)", req.Service, req.Operation)
}

// ecsTarget is the awsJson1_1 operation name of ECS UpdateService.
const ecsTarget = "AmazonEC2ContainerServiceV20141113.UpdateService"

// ecsUpdateService calls ECS UpdateService: one awsJson1_1 POST signed with SigV4. It speaks the
// protocol itself rather than through the SDK's ecs package, whose tables every cmdai process would
// otherwise initialise at start-up for an integration few workflows use.
func (a *AWS) ecsUpdateService(ctx context.Context, req Request) (Result, error) {
	cfg, p := req.Config, req.Parameters
	in := map[string]any{"service": param(p, "service")}
	if in["service"] == "" {
		return Result{}, errors.New("aws ecs update-service needs the service")
	}
	if c := param(p, "cluster"); c != "" {
		in["cluster"] = c
	}
	if paramBool(p, "force_new_deployment") {
		in["forceNewDeployment"] = true
	}
	if s := param(p, "desired_count"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return Result{}, fmt.Errorf("aws ecs update-service: desired_count is a number, not %q", s)
		}
		in["desiredCount"] = n
	}
	if td := param(p, "task_definition"); td != "" {
		in["taskDefinition"] = td
	}
	body, err := json.Marshal(in)
	if err != nil {
		return Result{}, err
	}
	endpoint := cfg["endpoint"]
	if endpoint == "" {
		endpoint = "https://ecs." + cfg["region"] + ".amazonaws.com"
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(endpoint, "/")+"/", bytes.NewReader(body))
	if err != nil {
		return Result{}, fmt.Errorf("aws ecs update-service: %w", err)
	}
	hreq.Header.Set("Content-Type", "application/x-amz-json-1.1")
	hreq.Header.Set("X-Amz-Target", ecsTarget)
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: cfg["access_key_id"], SecretAccessKey: cfg["secret_access_key"], SessionToken: cfg["session_token"]}
	if err := v4.NewSigner().SignHTTP(ctx, creds, hreq, hex.EncodeToString(sum[:]), "ecs", cfg["region"], time.Now()); err != nil {
		return Result{}, fmt.Errorf("aws ecs update-service: sign the request: %w", err)
	}
	client := a.Client
	if client == nil {
		client = http.DefaultClient
	}
	res, err := client.Do(hreq)
	if err != nil {
		return Result{}, fmt.Errorf("aws ecs update-service: %w", err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return Result{}, fmt.Errorf("aws ecs update-service: read the answer: %w", err)
	}
	if res.StatusCode/100 != 2 {
		var e struct {
			Type    string `json:"__type"`
			Message string `json:"message"`
		}
		_ = json.Unmarshal(raw, &e)
		if e.Message == "" {
			e.Message = strings.TrimSpace(string(raw))
		}
		return Result{}, fmt.Errorf("aws ecs update-service: %s %s: %s", res.Status, e.Type, e.Message)
	}
	var out struct {
		Service *struct {
			ServiceName    string `json:"serviceName"`
			ServiceArn     string `json:"serviceArn"`
			Status         string `json:"status"`
			TaskDefinition string `json:"taskDefinition"`
		} `json:"service"`
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return Result{}, fmt.Errorf("aws ecs update-service: the answer is not JSON: %w", err)
	}
	result := Result{Outputs: map[string]string{}}
	if s := out.Service; s != nil {
		result.Output = fmt.Sprintf("service %s is %s", s.ServiceName, s.Status)
		result.Outputs["service_arn"] = s.ServiceArn
		result.Outputs["status"] = s.Status
		if s.TaskDefinition != "" {
			result.Outputs["task_definition"] = s.TaskDefinition
		}
	}
	return result, nil
}
