package safety

import "testing"

// TestCloudRules covers clusters, containers and cloud CLIs.
func TestCloudRules(t *testing.T) {
	runRiskCases(t, []riskCase{
		{"kubectl delete pod x", Moderate, "k8s.delete-pod"},
		{"kubectl delete ns prod", Critical, ""},
		{"kubectl delete pods --all", Critical, ""},
		{"helm uninstall app", High, ""},
		{"terraform destroy -auto-approve", Critical, ""},
		{"aws s3 rm s3://b --recursive", Critical, ""},
		{"aws s3 rb s3://b --force", Critical, ""},
		{"aws ec2 terminate-instances --instance-ids i-1", Critical, ""},
		{"gcloud compute instances delete vm1", High, ""},
		{"az group delete -n rg", Critical, ""},
		{"docker system prune -a", High, ""},
		{"docker rm -f $(docker ps -aq)", High, ""},
		{"docker volume prune", High, ""},
		{"docker ps -a", Safe, ""},
	})
}
